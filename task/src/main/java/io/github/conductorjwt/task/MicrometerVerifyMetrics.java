package io.github.conductorjwt.task;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * VERIFY_JWT in the server's metrics, beside GET_SIGNED_JWT's ({@link MicrometerSigningMetrics}):
 * {@code conductor.jwt.verified} (timer, by {@code result}: valid or the error code), {@code
 * conductor.jwt.verify.refused} (by field), {@code conductor.jwt.verify.failed} (by exception type
 * or JWKS_UNAVAILABLE). Tags come from fixed sets, never input values.
 */
public final class MicrometerVerifyMetrics implements VerifyMetrics {

    private final MeterRegistry registry;

    public MicrometerVerifyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void verified(String result, Duration took) {
        Timer.builder("conductor.jwt.verified")
                .description("VERIFY_JWT tokens judged, by result (valid or the error code)")
                .tag("result", result)
                .register(registry)
                .record(took);
    }

    @Override
    public void refused(List<String> fields) {
        for (String field : fields) {
            Counter.builder("conductor.jwt.verify.refused")
                    .description("VERIFY_JWT tasks failed terminally, by the input field at fault")
                    .tag("field", field)
                    .register(registry)
                    .increment();
        }
    }

    @Override
    public void failed(String exceptionType) {
        Counter.builder("conductor.jwt.verify.failed")
                .description(
                        "VERIFY_JWT tasks failed by a fault or an unavailable JWK Set (retryable)")
                .tag("exception", exceptionType)
                .register(registry)
                .increment();
    }
}
