package io.github.conductorjwt.worker;

import java.security.PrivateKey;

/**
 * A key the worker holds: its name (what a task's {@code keyName} says), its {@code kid}, the
 * parsed key for the JWKS, and the file text the signing core parses again (cached by digest).
 */
record HeldKey(String name, String keyId, PrivateKey privateKey, String text) {

    @Override
    public String toString() {
        return "HeldKey[" + name + ", kid=" + keyId + ", " + privateKey.getAlgorithm() + "]";
    }
}
