package io.github.conductorjwt.task;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * GET_SIGNED_JWT in the server's metrics: {@code conductor.jwt.signed} (timer, by algorithm),
 * {@code conductor.jwt.refused} (by field), {@code conductor.jwt.failed} (by exception type). Tags
 * are names from a fixed set, never input values. One class for both adapters, so the plugin's
 * server and the worker publish the same names and tags.
 */
public final class MicrometerSigningMetrics implements SigningMetrics {

    private final MeterRegistry registry;

    public MicrometerSigningMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void signed(String algorithm, Duration took) {
        Timer.builder("conductor.jwt.signed")
                .description(
                        "GET_SIGNED_JWT tokens signed: input read, key parsed or cached, signed")
                .tag("algorithm", algorithm)
                .register(registry)
                .record(took);
    }

    @Override
    public void refused(List<String> fields) {
        for (String field : fields) {
            Counter.builder("conductor.jwt.refused")
                    .description(
                            "GET_SIGNED_JWT tasks failed terminally, by the input field at fault")
                    .tag("field", field)
                    .register(registry)
                    .increment();
        }
    }

    @Override
    public void failed(String exceptionType) {
        Counter.builder("conductor.jwt.failed")
                .description("GET_SIGNED_JWT tasks failed by an unexpected fault (retryable)")
                .tag("exception", exceptionType)
                .register(registry)
                .increment();
    }

    /** {@code conductor.jwt.output.cache} (by {@code result}: hit or miss), for cacheConfig. */
    @Override
    public void outputCache(boolean hit) {
        Counter.builder("conductor.jwt.output.cache")
                .description("GET_SIGNED_JWT tasks with cacheConfig: outputs reused or signed anew")
                .tag("result", hit ? "hit" : "miss")
                .register(registry)
                .increment();
    }
}
