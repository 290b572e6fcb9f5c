package io.github.conductorjwt.bench;

import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link VerificationBenchmark} (short settings, one thread); prints verifications/s of a
 * VERIFY_JWT task and of bare JJWT, and their ratio, per algorithm.
 */
public final class RunVerificationBenchmark {

    private RunVerificationBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, Double> throughput = new TreeMap<>();
        for (RunResult result :
                new Runner(
                                new OptionsBuilder()
                                        .include(VerificationBenchmark.class.getSimpleName())
                                        .forks(1)
                                        .warmupIterations(3)
                                        .warmupTime(TimeValue.seconds(1))
                                        .measurementIterations(3)
                                        .measurementTime(TimeValue.seconds(1))
                                        .threads(1)
                                        .build())
                        .run()) {
            throughput.put(
                    result.getParams().getParam("algorithm")
                            + " "
                            + result.getParams().getBenchmark().replaceAll(".*\\.", ""),
                    result.getPrimaryResult().getScore());
        }
        System.out.printf("%nVerifications/s, one thread:%n");
        for (String algorithm : new String[] {"RS256", "ES256", "HS256"}) {
            double task = throughput.get(algorithm + " verifyTask");
            double bare = throughput.get(algorithm + " bareJjwt");
            System.out.printf(
                    "  %-6s VERIFY_JWT task %10.0f   bare JJWT %10.0f   ratio x%.2f%n",
                    algorithm, task, bare, task / bare);
        }
    }
}
