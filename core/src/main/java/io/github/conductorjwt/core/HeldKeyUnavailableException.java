package io.github.conductorjwt.core;

/**
 * A held key that cannot sign now: its device failed, its service answered with a fault or not in
 * time. Retrying may help, so the task fails retryably. The message names the key and the kind of
 * fault only, never a PIN, credential, response body or key.
 */
public class HeldKeyUnavailableException extends RuntimeException {

    static final String UNAVAILABLE_MSG = "held key '%s' cannot sign now: %s";

    public HeldKeyUnavailableException(String name, String fault) {
        super(UNAVAILABLE_MSG.formatted(name, fault), null, false, false);
    }
}
