package io.github.conductorjwt.worker;

import io.github.conductorjwt.core.SigningAlgorithm;
import java.security.PrivateKey;
import java.time.Instant;

/**
 * A key the worker holds: its name (what a task's {@code keyName} says), its {@code kid}, the one
 * algorithm it signs with (see {@link HeldKeyAlgorithm}), the parsed key for the JWKS, the file
 * text the signing core parses again (cached by digest), and when the file was written (see {@link
 * KeySchedule}).
 */
record HeldKey(
        String name,
        String keyId,
        SigningAlgorithm algorithm,
        PrivateKey privateKey,
        String text,
        Instant written) {

    @Override
    public String toString() {
        return LogText.of("HeldKey[" + name + ", kid=" + keyId + ", " + algorithm + "]");
    }
}
