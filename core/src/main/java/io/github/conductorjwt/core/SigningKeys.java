package io.github.conductorjwt.core;

import java.security.PrivateKey;

/** Key parsing for callers that hold keys themselves (a worker's own key files, say). */
public final class SigningKeys {

    private SigningKeys() {}

    /**
     * Parses key text exactly as a task's {@code privateKey} input is parsed.
     *
     * @throws InvalidJwtInputException naming {@code privateKey} and the rule, never the text
     */
    public static PrivateKey parse(String keyText) {
        return PrivateKeyParser.parse(KeyText.of(keyText));
    }
}
