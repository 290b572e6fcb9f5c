package io.github.conductorjwt.bench;

import io.github.conductorjwt.core.ExampleInputs;
import io.github.conductorjwt.core.JwtRequest;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.core.SigningProvider;
import io.github.conductorjwt.core.TestKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Reading a task's input into a request, the parsed key found in the cache: our own cost per token,
 * without signing. Each invocation reads a fresh deep copy of the input, every string in it a new
 * instance with its own characters and no cached hash, as a server's freshly deserialized map would
 * be: a shortcut keyed by identity, or a hash cached in the string, would win here only if it wins
 * in the server. {@link #copy} is that copying alone; reading costs {@code read - copy}, which
 * {@link #main} prints. Run: {@code mvn -B -q -pl bench -am -Pbench-reading -DskipTests package}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReadingBenchmark {

    /** The key text's length sets the digest's cost: about 240 characters ES256, 1,700 RS256. */
    @Param({"ES256", "RS256"})
    public String algorithm;

    /**
     * orkes: Orkes' documented example (one audience, one scope, a key id); rich: every input,
     * additional claims of every JSON type, headers, three audiences, notBefore.
     */
    @Param({"orkes", "rich"})
    public String input;

    private JwtRequestReader reader;
    private Map<String, Object> template;

    @Setup
    public void setUp() {
        SigningAlgorithm alg = SigningAlgorithm.valueOf(algorithm);
        String pem =
                TestKeys.pkcs8Pem(
                        alg == SigningAlgorithm.ES256
                                ? TestKeys.ec("secp256r1")
                                : TestKeys.rsa(2048));
        reader =
                new JwtRequestReader(
                        new SigningPolicy(SigningPolicy.DEFAULT_MAX_TTL, alg, 1000),
                        SigningProvider.choose(SigningProvider.Choice.JDK));
        Map<String, Object> example = ExampleInputs.orkesExample(pem);
        example.put("algorithm", algorithm);
        if (input.equals("rich")) {
            example.put("audience", List.of("https://a.example", "https://b.example", "c"));
            example.put("scopes", "read write admin");
            example.put("notBefore", 30);
            example.put("jti", "request-42");
            Map<String, Object> nested = new LinkedHashMap<>();
            nested.put("tenant", "acme");
            nested.put("ids", List.of(1, 2, 3));
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("email", "user@example.com");
            claims.put("admin", true);
            claims.put("level", 3);
            claims.put("ratio", 0.75);
            claims.put("groups", List.of("a", "b"));
            claims.put("org", nested);
            claims.put("none", null);
            example.put("additionalClaims", claims);
            example.put("headers", Map.of("x-trace", "abc"));
        }
        template = example;
        reader.read(fresh(template)); // parses the key once: the cache holds it from here on
    }

    /** Copying the input alone: the baseline to subtract. */
    @Benchmark
    public Object copy() {
        return fresh(template);
    }

    /** Copying the input, then reading it. */
    @Benchmark
    public JwtRequest read() {
        return reader.read(fresh(template));
    }

    /** A deep copy whose every string is a new instance with its own characters. */
    @SuppressWarnings("unchecked")
    static <T> T fresh(T value) {
        if (value instanceof String text) {
            return (T) new String(text.toCharArray());
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(fresh((String) k), fresh(v)));
            return (T) copy;
        } else if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(fresh(item)));
            return (T) copy;
        }
        return value; // numbers, booleans, null: immutable
    }

    public static void main(String[] args) throws Exception {
        Map<String, Double> nanos = new LinkedHashMap<>();
        for (RunResult result :
                new Runner(
                                new OptionsBuilder()
                                        .include(ReadingBenchmark.class.getSimpleName())
                                        .forks(1)
                                        .warmupIterations(4)
                                        .warmupTime(TimeValue.seconds(1))
                                        .measurementIterations(5)
                                        .measurementTime(TimeValue.seconds(1))
                                        .threads(1)
                                        .build())
                        .run()) {
            String name =
                    result.getParams().getParam("algorithm")
                            + " "
                            + result.getParams().getParam("input")
                            + " "
                            + result.getParams().getBenchmark().replaceAll(".*\\.", "");
            nanos.put(name, result.getPrimaryResult().getScore());
        }
        System.out.printf("%nReading one input, the key cached (µs a token, read - copy):%n");
        nanos.forEach(
                (name, ns) -> {
                    if (name.endsWith(" read")) {
                        String prefix = name.substring(0, name.length() - " read".length());
                        double copy = nanos.get(prefix + " copy");
                        System.out.printf(
                                Locale.ROOT,
                                "  %-12s read %6.2f  copy %5.2f  reading %5.2f%n",
                                prefix,
                                ns / 1000,
                                copy / 1000,
                                (ns - copy) / 1000);
                    }
                });
    }
}
