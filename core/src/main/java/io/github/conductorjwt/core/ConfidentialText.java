package io.github.conductorjwt.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Text that must not leak: a private key or its password, as the user supplied it. It never prints
 * itself, so what holds it can be logged or thrown around without leaking either.
 */
final class ConfidentialText {

    private final String text;

    private ConfidentialText(String text) {
        this.text = text;
    }

    static ConfidentialText of(String text) {
        return new ConfidentialText(text);
    }

    String reveal() {
        return text;
    }

    /** SHA-256 of the text: a cache key that identifies the key without holding it. */
    String digest() {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "ConfidentialText[redacted]";
    }
}
