package io.github.conductorjwt.bench;

import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link OutputCacheBenchmark}; reports a cache hit as a ratio to signing in the same run. */
public final class RunOutputCacheBenchmark {

    private RunOutputCacheBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, Double> throughput = new HashMap<>();
        for (RunResult result :
                new Runner(
                                new OptionsBuilder()
                                        .include(OutputCacheBenchmark.class.getSimpleName())
                                        .forks(1)
                                        .warmupIterations(3)
                                        .warmupTime(TimeValue.seconds(2))
                                        .measurementIterations(5)
                                        .measurementTime(TimeValue.seconds(2))
                                        .threads(1)
                                        .build())
                        .run()) {
            throughput.put(
                    result.getParams().getBenchmark().replaceAll(".*\\.", ""),
                    result.getPrimaryResult().getScore());
        }
        double signing = throughput.get("signing");
        double hit = throughput.get("cacheHit");
        System.out.printf(
                "%nOne task through the handler (RS256, 2048-bit):%n"
                        + "  signing (no cacheConfig) %10.0f ops/s%n"
                        + "  cache hit (cacheConfig)  %10.0f ops/s  x%.1f%n",
                signing, hit, hit / signing);
    }
}
