package io.github.conductorjwt.worker;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The held keys' rotation state as gauges: {@code conductor.jwt.keys} by {@code state} (published
 * in the JWKS, signing, pending its delay, retiring after removal) and {@code
 * conductor.jwt.keys.reload.failing} (1 while the directory cannot be read cleanly). Counts only,
 * never kids or key text.
 */
final class RotationMetrics {

    private RotationMetrics() {}

    static void register(MeterRegistry registry, KeySchedule schedule, KeyReloader reloader) {
        state(registry, schedule, "published", view -> view.published().size());
        state(registry, schedule, "signing", view -> view.signers().size());
        state(registry, schedule, "pending", KeySchedule.View::pending);
        state(registry, schedule, "retiring", KeySchedule.View::retiring);
        if (reloader != null) {
            Gauge.builder("conductor.jwt.keys.reload.failing", reloader, r -> r.failing() ? 1 : 0)
                    .description(
                            "1 while the keys directory cannot be reloaded; the keys before sign")
                    .register(registry);
        }
    }

    private static void state(
            MeterRegistry registry,
            KeySchedule schedule,
            String state,
            ToDoubleFunction<KeySchedule.View> count) {
        Gauge.builder("conductor.jwt.keys", schedule, s -> count.applyAsDouble(s.now()))
                .description("Held keys by rotation state")
                .tag("state", state)
                .register(registry);
    }
}
