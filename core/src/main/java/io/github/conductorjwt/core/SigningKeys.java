package io.github.conductorjwt.core;

import java.security.PrivateKey;

/** Key parsing for callers that hold keys themselves (a worker's own key files, say). */
public final class SigningKeys {

    private SigningKeys() {}

    /**
     * Parses an asymmetric private key exactly as a task's {@code privateKey} input is parsed: any
     * PEM form, a JWK or a Google service-account file.
     *
     * @throws InvalidJwtInputException naming {@code privateKey} and the rule, never the text
     */
    public static PrivateKey parse(String keyText) {
        return (PrivateKey) KeyParser.asymmetric(keyText.strip(), null).key();
    }

    /** Like {@link #parse(String)}, keeping what the key file says about itself. */
    public static SigningKey parseWithMetadata(String keyText) {
        return KeyParser.asymmetric(keyText.strip(), null);
    }
}
