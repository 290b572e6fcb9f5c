package io.github.conductorjwt.plugin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.util.ClassUtils;

/**
 * Warns once at start-up when the server serves secret values over its API. Conductor OSS 3.32.x
 * registers {@code SecretController} whenever {@code conductor.integrations.ai.enabled=true} (its
 * default): {@code GET /api/secrets/{name}} then answers with the whole secret, without
 * authentication, so the keys GET_SIGNED_JWT signs with go to anyone who reaches the API.
 */
final class SecretsEndpointWarning implements SmartInitializingSingleton {

    /** The controller behind {@code /api/secrets/{name}} in conductor-agentspan 3.32.x. */
    static final String SECRET_CONTROLLER =
            "org.conductoross.conductor.ai.agentspan.runtime.controller.SecretController";

    static final String MESSAGE =
            "conductor-jwt: this Conductor server serves secret values over its API: GET"
                    + " /api/secrets/{name} returns any secret, e.g. the private keys"
                    + " GET_SIGNED_JWT signs with, to anyone who can reach the API. Start the"
                    + " server with conductor.integrations.ai.enabled=false (it also turns off"
                    + " Conductor's AI integrations), or keep its API away from untrusted clients.";

    private static final Logger LOG = LoggerFactory.getLogger(SecretsEndpointWarning.class);

    private final ListableBeanFactory beans;

    SecretsEndpointWarning(ListableBeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (servesSecretValues()) {
            LOG.warn(MESSAGE);
        }
    }

    private boolean servesSecretValues() {
        ClassLoader loader = getClass().getClassLoader();
        return ClassUtils.isPresent(SECRET_CONTROLLER, loader)
                && beans.getBeanNamesForType(
                                        ClassUtils.resolveClassName(SECRET_CONTROLLER, loader),
                                        true,
                                        false)
                                .length
                        > 0;
    }
}
