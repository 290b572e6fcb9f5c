package io.github.conductorjwt.bench;

import io.github.conductorjwt.core.ExampleInputs;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.core.TestKeys;
import io.github.conductorjwt.task.CacheConfig;
import io.github.conductorjwt.task.CacheKeyReferences;
import io.github.conductorjwt.task.InputPreparer;
import io.github.conductorjwt.task.OutputCache;
import io.github.conductorjwt.task.SignedJwtTaskHandler;
import io.github.conductorjwt.task.SigningMetrics;
import io.github.conductorjwt.task.TaskOutcome;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One whole task through the handler, as an adapter calls it: {@link #signing()} without
 * cacheConfig (input read, parsed key from its cache, RS256-2048 signature) against {@link
 * #cacheHit()} with cacheConfig (input read and checked all the same, cache key digested, output
 * reused).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OutputCacheBenchmark {

    private static final CacheConfig BY_AUDIENCE = new CacheConfig("${audience}", 3600);

    private SignedJwtTaskHandler handler;
    private Map<String, Object> input;

    @Setup
    public void setUp() {
        handler =
                new SignedJwtTaskHandler(
                        new JwtRequestReader(SigningPolicy.defaults()),
                        new JwtSigner(),
                        InputPreparer.NONE,
                        SigningMetrics.NONE,
                        new OutputCache(OutputCache.DEFAULT_SIZE));
        input = Map.copyOf(ExampleInputs.orkesExample(TestKeys.pkcs8Pem(TestKeys.rsa(2048))));
    }

    @Benchmark
    public TaskOutcome signing() {
        return handler.handle("t", input, null);
    }

    @Benchmark
    public TaskOutcome cacheHit() {
        return handler.handle("t", input, null, BY_AUDIENCE, CacheKeyReferences.AS_WRITTEN);
    }
}
