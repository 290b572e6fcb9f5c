package io.github.conductorjwt.core;

import java.net.URI;

/**
 * Turns a task's {@code jwksUri} into a {@link KeySet}, refusing a URI the operator did not allow
 * before any network request (see {@link JwksFetcher}).
 */
@FunctionalInterface
public interface JwksSource {

    String NOT_ENABLED_MSG =
            "is not allowed: this runtime fetches no JWK Set until its operator lists the hosts allowed (conductor.jwt.verify.jwks-allowed-hosts, CONDUCTOR_JWT_VERIFY_JWKS_ALLOWED_HOSTS)";

    /** Refuses every URI: no host is allowed. */
    JwksSource NONE =
            uri -> {
                throw new KeyException(NOT_ENABLED_MSG);
            };

    /**
     * @throws KeyException with the rule the URI breaks (never quoting it), before any request
     */
    KeySet at(URI uri);
}
