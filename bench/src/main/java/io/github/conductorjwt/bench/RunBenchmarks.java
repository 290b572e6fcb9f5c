package io.github.conductorjwt.bench;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks and reports each variant as a ratio to the uncached baseline of the same run.
 */
public final class RunBenchmarks {

    private RunBenchmarks() {}

    public static void main(String[] args) throws Exception {
        Options options =
                new OptionsBuilder()
                        .include(SigningBenchmark.class.getSimpleName())
                        .forks(1)
                        .warmupIterations(3)
                        .warmupTime(TimeValue.seconds(2))
                        .measurementIterations(5)
                        .measurementTime(TimeValue.seconds(2))
                        .threads(1)
                        .build();
        Collection<RunResult> results = new Runner(options).run();

        Map<String, Double> throughput = new TreeMap<>();
        for (RunResult result : results) {
            Map<String, String> params = new TreeMap<>();
            for (String key : result.getParams().getParamsKeys()) {
                params.put(key, result.getParams().getParam(key));
            }
            throughput.put(params.toString(), result.getPrimaryResult().getScore());
        }
        System.out.println();
        System.out.println("Throughput relative to keyCacheSize=0 (PEM parsed on every call):");
        throughput.forEach(
                (params, score) -> {
                    String baselineKey = params.replaceFirst("keyCacheSize=\\d+", "keyCacheSize=0");
                    Double baseline = throughput.get(baselineKey);
                    System.out.printf(
                            "  %-40s %10.0f ops/s  x%.2f%n",
                            params, score, baseline == null ? Double.NaN : score / baseline);
                });
    }
}
