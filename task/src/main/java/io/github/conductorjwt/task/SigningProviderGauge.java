package io.github.conductorjwt.task;

import io.github.conductorjwt.core.SigningProvider;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code conductor.jwt.provider{provider="accp"|"jdk"}} = 1: which provider signs, so a dashboard
 * shows a fleet where some servers or workers fell back to the JDK. Shared by both adapters.
 */
public final class SigningProviderGauge {

    public SigningProviderGauge(MeterRegistry registry, SigningProvider provider) {
        if (registry != null) {
            Gauge.builder("conductor.jwt.provider", () -> 1)
                    .description("The JCA provider GET_SIGNED_JWT signs with (value always 1)")
                    .tag("provider", provider.name())
                    .register(registry);
        }
    }
}
