package io.github.conductorjwt.worker;

import io.github.conductorjwt.core.SigningAlgorithm;
import java.security.PrivateKey;

/**
 * A key the worker holds: its name (what a task's {@code keyName} says), its {@code kid}, the one
 * algorithm it signs with (see {@link HeldKeyAlgorithm}), the parsed key for the JWKS, and the file
 * text the signing core parses again (cached by digest).
 */
record HeldKey(
        String name, String keyId, SigningAlgorithm algorithm, PrivateKey privateKey, String text) {

    @Override
    public String toString() {
        return LogText.of("HeldKey[" + name + ", kid=" + keyId + ", " + algorithm + "]");
    }
}
