package io.github.conductorjwt.core;

import io.github.conductorjwt.core.SigningAlgorithm.KeyFamily;
import java.security.Key;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * One key that verifies, and what its JWK said about itself ({@code kid}, {@code alg}): a public
 * key, or a shared secret. The key decides the family of algorithms it accepts, whatever a task's
 * {@code algorithms} input says. Never prints the key.
 */
public final class VerificationKey {

    private final PublicKey publicKey;
    private final byte[] secret;
    private final String keyId;
    private final String declaredAlgorithm;

    private VerificationKey(
            PublicKey publicKey, byte[] secret, String keyId, String declaredAlgorithm) {
        this.publicKey = publicKey;
        this.secret = secret;
        this.keyId = keyId;
        this.declaredAlgorithm = declaredAlgorithm;
    }

    static VerificationKey of(PublicKey key, String keyId, String declaredAlgorithm) {
        return new VerificationKey(Objects.requireNonNull(key), null, keyId, declaredAlgorithm);
    }

    static VerificationKey secret(byte[] secret) {
        return new VerificationKey(null, secret.clone(), null, null);
    }

    /** The {@code kid} its JWK carried, or {@code null}. */
    public String keyId() {
        return keyId;
    }

    /**
     * Whether this key verifies {@code algorithm}: its family (RSA for RS* or PS*, the algorithm's
     * NIST curve for ES*, Edwards for EdDSA, a secret of at least the hash's length for HS*), and
     * the JWK's own {@code alg} when it names one (RFC 7517 §4.4).
     */
    public boolean fits(SigningAlgorithm algorithm) {
        if (declaredAlgorithm != null && !declaredAlgorithm.equals(algorithm.name())) {
            return false;
        }
        if (secret != null) {
            return algorithm.family() == KeyFamily.HMAC
                    && secret.length * 8 >= algorithm.minKeyBitLength();
        }
        return KeyRules.fits(publicKey, algorithm);
    }

    /** The public key; {@code null} for a secret. */
    PublicKey publicKey() {
        return publicKey;
    }

    /** The key JJWT verifies {@code algorithm} with; call only when it {@link #fits}. */
    Key keyFor(SigningAlgorithm algorithm) {
        return secret != null ? new SecretKeySpec(secret, algorithm.macJcaName()) : publicKey;
    }

    /** Digest of the key, to tell keys apart in tests and caches without holding them. */
    String digest() {
        return ConfidentialText.sha256Hex(secret != null ? secret : publicKey.getEncoded());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerificationKey other
                && Objects.equals(keyId, other.keyId)
                && Objects.equals(declaredAlgorithm, other.declaredAlgorithm)
                && Objects.equals(publicKey, other.publicKey)
                && Arrays.equals(secret, other.secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, declaredAlgorithm, publicKey);
    }

    @Override
    public String toString() {
        return "VerificationKey["
                + (secret != null ? "secret" : publicKey.getAlgorithm())
                + ", kid="
                + keyId
                + "]";
    }
}
