package io.github.conductorjwt.worker;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics} in Prometheus text: the {@code conductor_jwt_*} meters the plugin's server
 * publishes (same names and tags, one class: {@link
 * io.github.conductorjwt.task.MicrometerSigningMetrics}) and the rotation state ({@link
 * RotationMetrics}).
 */
final class MetricsEndpoint implements WorkerHttpServer.Resource {

    static final String PATH = "/metrics";

    private final PrometheusMeterRegistry registry;

    MetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public WorkerHttpServer.Response get() {
        return new WorkerHttpServer.Response(
                200,
                "text/plain; version=0.0.4; charset=utf-8",
                "no-store",
                registry.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
