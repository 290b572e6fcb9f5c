package io.github.conductorjwt.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Text that must not leak: a private key or its password, as the user supplied it. It never prints
 * itself, so what holds it can be logged or thrown around without leaking either.
 */
final class ConfidentialText {

    /**
     * Cloned for each digest: looking SHA-256 up among the providers cost as much as hashing an EC
     * key's text.
     */
    private static final MessageDigest SHA_256 = newSha256();

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

    /** SHA-256 of the text as a compact cache key: no hex, no string to hash again. */
    Fingerprint fingerprint() {
        ByteBuffer digest = ByteBuffer.wrap(sha256(text.getBytes(StandardCharsets.UTF_8)));
        return new Fingerprint(
                digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
    }

    /** A SHA-256 digest, its 32 bytes as four longs. Prints nothing of itself. */
    record Fingerprint(long first, long second, long third, long fourth) {
        @Override
        public String toString() {
            return "Fingerprint[redacted]";
        }
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return ((MessageDigest) SHA_256.clone()).digest(bytes);
        } catch (CloneNotSupportedException e) {
            return newSha256().digest(bytes);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "ConfidentialText[redacted]";
    }
}
