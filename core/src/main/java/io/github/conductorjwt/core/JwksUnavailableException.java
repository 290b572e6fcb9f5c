package io.github.conductorjwt.core;

/**
 * A JWK Set could not be fetched or read: a network fault, a timeout, a bad status, an oversized or
 * unreadable body. Retrying may help. The message says which, never the body.
 */
public final class JwksUnavailableException extends RuntimeException {

    public JwksUnavailableException(String message) {
        super(message, null, false, false);
    }
}
