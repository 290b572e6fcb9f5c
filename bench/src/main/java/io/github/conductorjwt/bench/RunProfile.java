package io.github.conductorjwt.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Where a token's time goes: {@link ProviderBenchmark}'s core and bare JJWT on ACCP under JFR's
 * CPU-time sampler (JDK 25's {@code jdk.CPUTimeSample}: it sees native code too, where ACCP signs),
 * each sample of the benchmark thread charged to the first {@link #PARTS} entry on its stack. One
 * table into {@link #MARKDOWN}, the recordings beside it for {@code jfr} or JMC. Run: {@code mvn -B
 * -q -pl bench -am -Pbench-profile -DskipTests package}.
 */
public final class RunProfile {

    static final Path DIR = Path.of("results", "profile");
    static final Path MARKDOWN = DIR.resolve("profile.md");

    private static final List<String> BENCHMARKS = List.of("core", "bareJjwt");
    private static final List<String> ALGORITHMS = List.of("RS256", "ES256", "EdDSA", "HS256");

    /** Warm-up seconds; recording starts a little after, so the JIT has settled. */
    private static final int WARMUP = 5;

    /**
     * What a sample is charged to: the first part with a frame ({@code package.Class.method}) on
     * the stack containing one of its markers. Order matters: base64 runs inside JSON writing.
     */
    static final Map<String, List<String>> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("base64url", List.of("BaseNCodec", "Base64Codec", "Base64UrlStream"));
        PARTS.put(
                "provider: the signature or MAC itself",
                List.of("java.security.Signature.sign", "javax.crypto.Mac.doFinal"));
        PARTS.put("provider: key converted at each signature", List.of(".translateKey"));
        PARTS.put(
                "provider: instance lookup and init",
                List.of(
                        "java.security.Signature.getInstance",
                        "javax.crypto.Mac.getInstance",
                        "java.security.Signature.initSign",
                        "javax.crypto.Mac.init"));
        PARTS.put(
                "JJWT: Jackson writing header and claims",
                List.of("io.jsonwebtoken.jackson.io.JacksonSerializer"));
        PARTS.put("jti: UUID.randomUUID (SecureRandom)", List.of("java.util.UUID.randomUUID"));
        PARTS.put("ours: TokenSize", List.of("core.TokenSize."));
        PARTS.put("ours: key cache lookup (SHA-256 of the key text)", List.of("core.KeyCache."));
        PARTS.put("ours: reading the input, the rest", List.of("core.JwtRequestReader.read"));
        PARTS.put(
                "JJWT: header and claims maps (ParameterMap, registries, audience)",
                List.of(
                        "io.jsonwebtoken.impl.ParameterMap",
                        "io.jsonwebtoken.impl.DefaultClaims",
                        "io.jsonwebtoken.impl.lang.Parameters",
                        "io.jsonwebtoken.impl.lang.DelegatingMapMutator",
                        "DelegateAudienceCollection",
                        "Registry"));
        PARTS.put("JJWT: the rest (builder, key checks, streams)", List.of("io.jsonwebtoken."));
    }

    private static final String OTHER = "other (JMH, JDK)";

    private RunProfile() {}

    public static void main(String[] args) throws Exception {
        Files.createDirectories(DIR);
        Map<String, Map<String, Long>> shares = new LinkedHashMap<>();
        Map<String, Double> opsPerSecond = new LinkedHashMap<>();
        for (String benchmark : BENCHMARKS) {
            for (String algorithm : ALGORITHMS) {
                String name = benchmark + " " + algorithm;
                Path recording = DIR.resolve(benchmark + "-" + algorithm + "-accp.jfr");
                RunResult result = run(benchmark, algorithm, recording);
                opsPerSecond.put(name, result.getPrimaryResult().getScore());
                shares.put(name, charge(recording));
            }
        }
        String table = table(shares, opsPerSecond);
        Files.writeString(MARKDOWN, table, StandardCharsets.UTF_8);
        System.out.println(table);
        System.out.println("Wrote " + MARKDOWN.toAbsolutePath());
    }

    private static RunResult run(String benchmark, String algorithm, Path recording)
            throws Exception {
        return new Runner(
                        new OptionsBuilder()
                                .include(
                                        ProviderBenchmark.class.getSimpleName()
                                                + "."
                                                + benchmark
                                                + "$")
                                .param("algorithm", algorithm)
                                .param("provider", "accp")
                                .forks(1)
                                .warmupIterations(WARMUP)
                                .warmupTime(TimeValue.seconds(1))
                                .measurementIterations(4)
                                .measurementTime(TimeValue.seconds(2))
                                .threads(1)
                                .jvmArgsAppend(
                                        "-XX:FlightRecorderOptions:stackdepth=512",
                                        "-XX:StartFlightRecording=delay="
                                                + (WARMUP + 2)
                                                + "s,settings=profile,filename="
                                                + recording.toAbsolutePath()
                                                + ",jdk.CPUTimeSample#enabled=true"
                                                + ",jdk.CPUTimeSample#throttle=2ms")
                                .build())
                .runSingle();
    }

    /** Samples of the benchmark thread per part. */
    static Map<String, Long> charge(Path recording) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        PARTS.keySet().forEach(part -> counts.put(part, 0L));
        counts.put(OTHER, 0L);
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            RecordedThread thread = event.getThread();
            if (!event.getEventType().getName().equals("jdk.CPUTimeSample")
                    || thread == null
                    || thread.getJavaName() == null
                    || !thread.getJavaName().contains("jmh-worker")
                    || event.getStackTrace() == null) {
                continue;
            }
            StringBuilder stack = new StringBuilder();
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                stack.append(frame.getMethod().getType().getName())
                        .append('.')
                        .append(frame.getMethod().getName())
                        .append('\n');
            }
            String charged = OTHER;
            for (Map.Entry<String, List<String>> part : PARTS.entrySet()) {
                if (part.getValue().stream().anyMatch(marker -> stack.indexOf(marker) >= 0)) {
                    charged = part.getKey();
                    break;
                }
            }
            counts.merge(charged, 1L, Long::sum);
        }
        return counts;
    }

    private static String table(
            Map<String, Map<String, Long>> shares, Map<String, Double> opsPerSecond) {
        StringBuilder md = new StringBuilder("| share of CPU samples, ACCP |");
        shares.keySet().forEach(name -> md.append(' ').append(name).append(" |"));
        md.append("\n|---|");
        shares.keySet().forEach(name -> md.append("---:|"));
        md.append('\n');
        for (String part : shares.values().iterator().next().keySet()) {
            md.append("| ").append(part).append(" |");
            for (Map<String, Long> counts : shares.values()) {
                long total = counts.values().stream().mapToLong(Long::longValue).sum();
                md.append(
                        String.format(
                                Locale.ROOT,
                                " %.0f%% |",
                                total == 0 ? 0.0 : 100.0 * counts.get(part) / total));
            }
            md.append('\n');
        }
        md.append("| samples |");
        shares.values()
                .forEach(
                        counts ->
                                md.append(' ')
                                        .append(
                                                counts.values().stream()
                                                        .mapToLong(Long::longValue)
                                                        .sum())
                                        .append(" |"));
        md.append("\n| sign/s while recording |");
        opsPerSecond
                .values()
                .forEach(ops -> md.append(String.format(Locale.ROOT, " %,.0f |", ops)));
        return md.append('\n').toString();
    }
}
