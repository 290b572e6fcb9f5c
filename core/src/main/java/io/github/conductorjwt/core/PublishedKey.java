package io.github.conductorjwt.core;

import io.jsonwebtoken.security.PublicJwk;
import java.util.List;

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
}
