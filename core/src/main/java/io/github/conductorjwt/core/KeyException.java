package io.github.conductorjwt.core;

/**
 * Key text that holds no key we sign with, or a key that does not fit its algorithm. Like JJWT's
 * {@code io.jsonwebtoken.security.KeyException}, it knows nothing of where the key came from: its
 * message is the rule alone, worded to follow a name ("is a public JWK; it has no private key"),
 * and the layer that knows the source puts the name in front (a task input, a key file). It never
 * carries key material.
 */
public class KeyException extends RuntimeException {

    KeyException(String rule) {
        // No stack trace: a verdict on input, not a fault, and refusals are cached and rethrown.
        super(rule, null, false, false);
    }

    /** The rule the key breaks, to follow the name of whatever held it. */
    public String rule() {
        return getMessage();
    }
}
