package io.github.conductorjwt.core;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The JWS algorithms the task signs with, by their JWA names (RFC 7518, RFC 8037). */
public enum SigningAlgorithm {
    RS256(Jwts.SIG.RS256, KeyFamily.RSA, 2048),
    RS384(Jwts.SIG.RS384, KeyFamily.RSA, 2048),
    RS512(Jwts.SIG.RS512, KeyFamily.RSA, 2048),
    PS256(Jwts.SIG.PS256, KeyFamily.RSA, 2048),
    PS384(Jwts.SIG.PS384, KeyFamily.RSA, 2048),
    PS512(Jwts.SIG.PS512, KeyFamily.RSA, 2048),
    /** Needs a P-256 key. */
    ES256(Jwts.SIG.ES256, KeyFamily.EC, 256),
    /** Needs a P-384 key. */
    ES384(Jwts.SIG.ES384, KeyFamily.EC, 384),
    /** Needs a P-521 key. */
    ES512(Jwts.SIG.ES512, KeyFamily.EC, 521),
    /** Ed25519 or Ed448 keys. */
    EdDSA(Jwts.SIG.EdDSA, KeyFamily.EDDSA, 0),
    /** The secret must be at least as long as the hash: 32 bytes. */
    HS256(Jwts.SIG.HS256, KeyFamily.HMAC, 256),
    HS384(Jwts.SIG.HS384, KeyFamily.HMAC, 384),
    HS512(Jwts.SIG.HS512, KeyFamily.HMAC, 512);

    /** Kinds of key, each signing its own algorithms only. */
    public enum KeyFamily {
        RSA,
        EC,
        EDDSA,
        HMAC
    }

    private final SecureDigestAlgorithm<?, ?> jjwt;
    private final KeyFamily family;
    private final int bits;

    SigningAlgorithm(SecureDigestAlgorithm<?, ?> jjwt, KeyFamily family, int bits) {
        this.jjwt = jjwt;
        this.family = family;
        this.bits = bits;
    }

    SecureDigestAlgorithm<?, ?> jjwt() {
        return jjwt;
    }

    public KeyFamily family() {
        return family;
    }

    /**
     * RSA: the least modulus size (RFC 7518 §3.3, §3.5); EC: the curve's field size; HMAC: the
     * least secret size (RFC 7518 §3.2); EdDSA: unused.
     */
    int bits() {
        return bits;
    }

    /**
     * Whether {@code key} is of the kind this algorithm signs with (family, RSASSA-PSS for PS*
     * only, the NIST curve for ES*), strength aside: the same test a task's key is put to.
     */
    public boolean fits(java.security.Key key) {
        return KeyRules.fits(key, this);
    }

    /**
     * Refuses a key this algorithm cannot sign with, or that is too weak for it: the same test a
     * task's key is put to.
     *
     * @throws KeyException with the rule
     */
    public void check(SigningKey key) {
        KeyRules.check(key, this);
    }

    /** The supported names, for error messages and documentation. */
    public static String supportedNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /**
     * The algorithm named {@code name}, matched without regard to case.
     *
     * @throws IllegalArgumentException for {@code none} and for names we do not support, with the
     *     rule worded to follow the name of whatever gave {@code name}; never quoting it
     */
    public static SigningAlgorithm named(String name) {
        String trimmed = name.strip();
        if (trimmed.equalsIgnoreCase("none")) {
            throw new IllegalArgumentException(
                    "'none' is refused: unsigned tokens are never issued");
        }
        for (SigningAlgorithm algorithm : values()) {
            if (algorithm
                    .name()
                    .toUpperCase(Locale.ROOT)
                    .equals(trimmed.toUpperCase(Locale.ROOT))) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("must be one of " + supportedNames());
    }
}
