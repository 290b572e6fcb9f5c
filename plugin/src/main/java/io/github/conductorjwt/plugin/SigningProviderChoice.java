package io.github.conductorjwt.plugin;

import io.github.conductorjwt.core.SigningProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator's {@code conductor.jwt.provider}, resolved and logged once at start-up. */
final class SigningProviderChoice {

    private static final Logger LOG = LoggerFactory.getLogger(SigningProviderChoice.class);

    private SigningProviderChoice() {}

    static SigningProvider choose(SigningProvider.Choice choice) {
        SigningProvider provider;
        try {
            provider = SigningProvider.choose(choice);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    ConductorJwtProperties.PREFIX + ".provider=accp: " + e.getMessage(), e);
        }
        LOG.info("GET_SIGNED_JWT signs with {}: {}", provider.name(), provider.reason());
        return provider;
    }
}
