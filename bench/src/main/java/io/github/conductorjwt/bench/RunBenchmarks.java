package io.github.conductorjwt.bench;

import io.github.conductorjwt.core.SoftHsmToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * One command, one run: the JMH benchmarks (short settings, one thread), {@code openssl speed} for
 * the same algorithms when it is on the PATH, the machine's load before and after; all into {@link
 * #RESULTS}, from which {@link BenchmarkReport} writes BENCHMARKS.md and the chart. Ratios within
 * the run are what count: the machine may be shared. So the layers of one algorithm and provider
 * run back to back, in an order reversed from one group to the next, and the core before (at {@link
 * #BASELINE_PROPERTY}, {@link BaselineCore}) and after next to each other, after, before, before,
 * after.
 */
public final class RunBenchmarks {

    static final Path RESULTS = Path.of("results", "benchmark-results.csv");

    /** The commit whose core the current one is measured against (the pom sets it). */
    static final String BASELINE_PROPERTY = "conductorjwt.bench.baseline.commit";

    private static final Path BASELINE_WORK = Path.of("target", "baseline-core");

    /**
     * {@link ProviderBenchmark}'s layers, in the order of an even group: the core after and before
     * twice each, ABBA, so neither gains from its place, and the two forks of the same code show
     * the run's own noise.
     */
    private static final List<String> LAYERS =
            List.of(
                    "rawJca",
                    "noJjwt",
                    "jjwtContent",
                    "bareJjwt",
                    "core",
                    "coreBefore",
                    "coreBefore",
                    "core");

    /** {@link VerificationBenchmark}'s and {@link Pkcs11Benchmark}'s algorithms. */
    static final List<String> VERIFIED = List.of("RS256", "ES256", "HS256");

    static final List<String> HELD = List.of("RS256", "ES256");

    private RunBenchmarks() {}

    private static CommandLineOptions cli;

    public static void main(String[] args) throws Exception {
        cli = new CommandLineOptions(args);
        long started = System.nanoTime();
        List<String> rows = new ArrayList<>();
        rows.add("# cpus," + Runtime.getRuntime().availableProcessors());
        rows.add("# java," + System.getProperty("java.vm.name") + " " + Runtime.version());
        rows.add("# load before," + load());
        Path baseline = baseline();
        rows.add("# baseline," + System.getProperty(BASELINE_PROPERTY, "none"));
        // jmh: parameter = keyCacheSize, value = ops/s; openssl: value = sign/s;
        // memory: parameter = tokens signed so far, value = MB used after a full GC.
        rows.add("kind,benchmark,algorithm,provider,parameter,value,error");
        rows.addAll(openssl());
        System.out.printf("Memory: %,d tokens, %,d keys%n", MemoryRun.TOKENS, MemoryRun.KEYS);
        rows.addAll(MemoryRun.run("jdk"));
        rows.addAll(MemoryRun.run("accp"));
        List<String> jvmArgs =
                baseline == null
                        ? List.of()
                        : List.of("-D" + BaselineCore.CLASSES_PROPERTY + "=" + baseline);
        int group = 0;
        for (String algorithm : BenchmarkReport.ALGORITHMS) {
            for (String provider : List.of("jdk", "accp")) {
                List<String> layers = new ArrayList<>(LAYERS);
                if (baseline == null) {
                    layers.removeIf("coreBefore"::equals);
                }
                if (group++ % 2 == 1) {
                    Collections.reverse(layers);
                }
                for (String layer : layers) {
                    rows.addAll(
                            jmh(
                                    options(jvmArgs)
                                            .include(
                                                    ProviderBenchmark.class.getSimpleName()
                                                            + "\\."
                                                            + layer
                                                            + "$")
                                            .param("algorithm", algorithm)
                                            .param("provider", provider)));
                }
            }
        }
        // The provider's effect on parsing; encrypted keys cost PBKDF2 either way.
        rows.addAll(
                jmh(
                        options(jvmArgs)
                                .include(SigningBenchmark.class.getSimpleName())
                                .param("keyFormat", "pkcs8")));
        for (String algorithm : VERIFIED) {
            rows.addAll(
                    jmh(
                            options(jvmArgs)
                                    .include(VerificationBenchmark.class.getSimpleName())
                                    .param("algorithm", algorithm)));
        }
        rows.addAll(pkcs11(jvmArgs));
        rows.add(3, "# load after," + load());
        rows.add(4, "# minutes," + String.format(Locale.ROOT, "%.1f", minutesSince(started)));
        Files.createDirectories(RESULTS.getParent());
        Files.write(RESULTS, rows, StandardCharsets.UTF_8);
        System.out.println("Results in " + RESULTS.toAbsolutePath());
        BenchmarkReport.main(new String[0]);
    }

    /**
     * {@link Pkcs11Benchmark}: a key on SoftHSM2 against a software key, each algorithm's two back
     * to back; none where SoftHSM2 or its tools are missing, or the pom set no {@code
     * SOFTHSM2_CONF} (the forks inherit it, and make their token in its directory).
     */
    private static List<String> pkcs11(List<String> jvmArgs) throws RunnerException {
        if (System.getenv("SOFTHSM2_CONF") == null) {
            System.out.println("No SOFTHSM2_CONF: no SoftHSM2 section");
            return List.of();
        }
        try {
            SoftHsmToken.assumeInstalled();
        } catch (RuntimeException missing) {
            System.out.println("No SoftHSM2 section: " + missing.getMessage());
            return List.of();
        }
        List<String> rows = new ArrayList<>();
        for (String algorithm : HELD) {
            rows.addAll(
                    jmh(
                            options(jvmArgs)
                                    .include(Pkcs11Benchmark.class.getSimpleName())
                                    .param("algorithm", algorithm)));
        }
        return rows;
    }

    private static double minutesSince(long started) {
        return (System.nanoTime() - started) / 60e9;
    }

    /** The baseline core compiled, or null (no commit named, no git): no before column then. */
    private static Path baseline() {
        String commit = System.getProperty(BASELINE_PROPERTY);
        if (commit == null || commit.isBlank()) {
            System.out.println("No -D" + BASELINE_PROPERTY + ": no before/after");
            return null;
        }
        try {
            Path classes = BaselineCore.compile(commit, BASELINE_WORK);
            System.out.println("Baseline core at " + commit + ": " + classes);
            return classes;
        } catch (IOException e) {
            System.out.println("No baseline core at " + commit + " (" + e.getMessage() + ")");
            return null;
        }
    }

    /**
     * One fork, 4×1 s warm-up (enough for C2 to compile JJWT and Jackson even on a loaded machine:
     * with 2×1 s the first run measured them half-interpreted), 3×1 s measured, one thread; JMH's
     * own command-line options given to {@link #main} override the iterations and their times (a
     * quick check of the harness: {@code -wi 1 -w 100ms -i 1 -r 100ms}).
     */
    private static ChainedOptionsBuilder options(List<String> jvmArgs) {
        return new OptionsBuilder()
                .forks(1)
                .warmupIterations(cli.getWarmupIterations().orElse(4))
                .warmupTime(cli.getWarmupTime().orElse(TimeValue.seconds(1)))
                .measurementIterations(cli.getMeasurementIterations().orElse(3))
                .measurementTime(cli.getMeasurementTime().orElse(TimeValue.seconds(1)))
                .threads(1)
                .jvmArgsAppend(jvmArgs.toArray(String[]::new));
    }

    /**
     * Rows {@code jmh,<benchmark>,<algorithm>,<provider or key>,<keyCacheSize>,<ops/s>,<error>}:
     * {@link Pkcs11Benchmark}'s key (software, softhsm2) stands in the provider's column.
     */
    private static List<String> jmh(ChainedOptionsBuilder options) throws RunnerException {
        List<String> rows = new ArrayList<>();
        for (RunResult result : new Runner(options.build()).run()) {
            var params = result.getParams();
            String benchmark =
                    params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
            rows.add(
                    String.join(
                            ",",
                            "jmh",
                            benchmark,
                            params.getParam("algorithm"),
                            Objects.requireNonNullElse(
                                    params.getParam("provider"),
                                    Objects.toString(params.getParam("key"), "")),
                            Objects.toString(params.getParam("keyCacheSize"), ""),
                            String.format(
                                    Locale.ROOT, "%.1f", result.getPrimaryResult().getScore()),
                            String.format(
                                    Locale.ROOT,
                                    "%.1f",
                                    result.getPrimaryResult().getScoreError())));
        }
        return rows;
    }

    /** The 1, 5 and 15 minute load averages. */
    private static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static final Pattern RSA =
            Pattern.compile("rsa 2048 bits\\s+\\S+s\\s+\\S+s\\s+([\\d.]+)");
    private static final Pattern P256 =
            Pattern.compile("ecdsa \\(nistp256\\)\\s+\\S+s\\s+\\S+s\\s+([\\d.]+)");
    private static final Pattern ED25519 =
            Pattern.compile("EdDSA \\(Ed25519\\)\\s+\\S+s\\s+\\S+s\\s+([\\d.]+)");
    private static final Pattern HMAC = Pattern.compile("hmac\\(sha256\\)\\s+([\\d.]+)k");

    /**
     * {@code openssl speed}, one process, for RSA-2048 (RS256 and PS256 alike: the private-key
     * operation is the cost), P-256, Ed25519 and HMAC-SHA256 over the benchmark's header.payload
     * length. Empty when openssl is not on the PATH.
     */
    private static List<String> openssl() {
        List<String> rows = new ArrayList<>();
        String asymmetric =
                run("openssl", "speed", "-seconds", "3", "rsa2048", "ecdsap256", "ed25519");
        String hmac =
                run(
                        "openssl",
                        "speed",
                        "-seconds",
                        "3",
                        "-bytes",
                        String.valueOf(ProviderBenchmark.SIGNING_INPUT.length),
                        "-hmac",
                        "sha256");
        if (asymmetric == null || hmac == null) {
            System.out.println("openssl not on the PATH: no openssl speed column");
            return rows;
        }
        add(rows, RSA, asymmetric, "RS256", 1);
        add(rows, RSA, asymmetric, "PS256", 1);
        add(rows, P256, asymmetric, "ES256", 1);
        add(rows, ED25519, asymmetric, "EdDSA", 1);
        // openssl reports thousands of bytes per second for HMAC.
        add(rows, HMAC, hmac, "HS256", 1000.0 / ProviderBenchmark.SIGNING_INPUT.length);
        return rows;
    }

    private static void add(
            List<String> rows, Pattern pattern, String output, String algorithm, double scale) {
        Matcher m = pattern.matcher(output);
        if (m.find()) {
            rows.add(
                    String.format(
                            Locale.ROOT,
                            "openssl,speed,%s,openssl,,%.1f,",
                            algorithm,
                            Double.parseDouble(m.group(1)) * scale));
        }
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(5, TimeUnit.MINUTES);
            return process.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
