package io.github.conductorjwt.core;

import java.security.Key;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.util.Objects;

/**
 * A parsed signing key and what its file said about itself (a JWK's {@code kid} and {@code alg}, a
 * Google service-account file's {@code private_key_id} and {@code client_email}), handed out
 * together like JJWT's {@code Jwk#toKey()}: parse once, use both. Never prints the key.
 */
public final class SigningKey {

    private final Key key;
    private final String keyId;
    private final String clientEmail;
    private final String declaredAlgorithm;

    /** Computed once; a racing second computation writes the same value. */
    private volatile String digest;

    /** What JJWT signs with this key; {@code null} for the JDK's providers. */
    private final Provider provider;

    /**
     * The public half of a key that does not describe itself (a PKCS#11 key's: no modulus, no
     * curve), for the key rules and for JJWT's; {@code null} for keys in memory.
     */
    private final PublicKey publicKey;

    SigningKey(Key key, String keyId, String clientEmail, String declaredAlgorithm) {
        this(key, keyId, clientEmail, declaredAlgorithm, null);
    }

    private SigningKey(
            Key key,
            String keyId,
            String clientEmail,
            String declaredAlgorithm,
            Provider provider) {
        this(key, keyId, clientEmail, declaredAlgorithm, provider, null);
    }

    private SigningKey(
            Key key,
            String keyId,
            String clientEmail,
            String declaredAlgorithm,
            Provider provider,
            PublicKey publicKey) {
        this.publicKey = publicKey;
        this.key = Objects.requireNonNull(key, "key");
        this.keyId = keyId;
        this.clientEmail = clientEmail;
        this.declaredAlgorithm = declaredAlgorithm;
        this.provider = provider;
    }

    /** The same key as {@code provider}'s own, with what the key file said about itself. */
    SigningKey withKey(Key own, Provider provider) {
        return new SigningKey(own, keyId, clientEmail, declaredAlgorithm, provider);
    }

    Provider provider() {
        return provider;
    }

    /**
     * A key that stays in its device, signed with by {@code provider} only: JJWT is handed it with
     * its public half and provider (JJWT's "provider-constrained keys"), so JJWT checks the key's
     * size and curve against the algorithm and transcodes ECDSA signatures.
     */
    public static SigningKey held(PrivateKey key, PublicKey publicKey, Provider provider) {
        return new SigningKey(
                key,
                null,
                null,
                null,
                Objects.requireNonNull(provider, "provider"),
                Objects.requireNonNull(publicKey, "publicKey"));
    }

    /** The public half of a {@link #held} key; {@code null} for a key in memory. */
    public PublicKey publicKey() {
        return publicKey;
    }

    /** The key the rules judge: its public half where the key itself says nothing. */
    Key described() {
        return publicKey != null ? publicKey : key;
    }

    static SigningKey of(Key key) {
        return new SigningKey(key, null, null, null);
    }

    /**
     * Parses an asymmetric private key exactly as a task's key input is parsed: any PEM form, a JWK
     * or a Google service-account file. For callers that hold keys themselves (a worker's own key
     * files, say).
     *
     * @throws KeyException with the rule, never the text
     */
    public static SigningKey parse(String keyText) {
        return KeyParser.asymmetric(keyText.strip(), null);
    }

    /** The key itself: a {@link java.security.PrivateKey}, or for HS* a secret key. */
    public Key key() {
        return key;
    }

    /**
     * A SHA-256 digest (hex) of the key's encoded form, e.g. to tell whether two requests sign with
     * the same key without holding either; {@code null} for a key that cannot be encoded.
     */
    public String digest() {
        String digest = this.digest;
        if (digest == null) {
            byte[] encoded = key.getEncoded();
            if (encoded == null) {
                return null;
            }
            digest = this.digest = ConfidentialText.sha256Hex(encoded);
        }
        return digest;
    }

    /** The key id the key file carries, or {@code null}. */
    public String keyId() {
        return keyId;
    }

    /** A service-account file's {@code client_email}, or {@code null}. */
    public String clientEmail() {
        return clientEmail;
    }

    /** A JWK's {@code alg} as written (RFC 7517 §4.4, case-sensitive), or {@code null}. */
    public String declaredAlgorithm() {
        return declaredAlgorithm;
    }

    @Override
    public String toString() {
        return "SigningKey[" + key.getAlgorithm() + ", kid=" + keyId + "]";
    }
}
