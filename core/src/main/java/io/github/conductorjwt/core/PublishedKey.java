package io.github.conductorjwt.core;

import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A key a runtime publishes under a name (a keys folder's file, a {@link HeldSigner}): what a JWK
 * Set lists and what VERIFY_JWT's {@code keyName} verifies with. Public halves only, held in
 * memory, so verifying with them never reaches the device or service that signs.
 */
public interface PublishedKey {

    /** What a task's {@code keyName} says; an operator's name, safe to show. */
    String name();

    /** Its public halves for a JWK Set; empty when they are published elsewhere. */
    List<PublicJwk<?>> publicJwks();

    /** The JWK Set (RFC 7517 §5) of {@code keys}' public halves, in their order. */
    static String jwkSet(Collection<? extends PublishedKey> keys) {
        return keys.stream()
                .flatMap(key -> key.publicJwks().stream())
                .map(Jwks::json)
                .collect(Collectors.joining(",", "{\"keys\":[", "]}"));
    }
}
