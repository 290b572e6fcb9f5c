package io.github.conductorjwt.core;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The JWS algorithms the task signs with, by their JWA names (RFC 7518, RFC 8037). */
public enum SigningAlgorithm {
    RS256(Jwts.SIG.RS256, KeyFamily.RSA, Bits.MIN_RSA_KEY, null),
    RS384(Jwts.SIG.RS384, KeyFamily.RSA, Bits.MIN_RSA_KEY, null),
    RS512(Jwts.SIG.RS512, KeyFamily.RSA, Bits.MIN_RSA_KEY, null),
    PS256(Jwts.SIG.PS256, KeyFamily.RSA, Bits.MIN_RSA_KEY, null),
    PS384(Jwts.SIG.PS384, KeyFamily.RSA, Bits.MIN_RSA_KEY, null),
    PS512(Jwts.SIG.PS512, KeyFamily.RSA, Bits.MIN_RSA_KEY, null),
    ES256(Jwts.SIG.ES256, KeyFamily.EC, Bits.FIXED_BY_CURVE, "P-256"),
    ES384(Jwts.SIG.ES384, KeyFamily.EC, Bits.FIXED_BY_CURVE, "P-384"),
    ES512(Jwts.SIG.ES512, KeyFamily.EC, Bits.FIXED_BY_CURVE, "P-521"),
    /** Ed25519 or Ed448 keys. */
    EdDSA(Jwts.SIG.EdDSA, KeyFamily.EDDSA, Bits.FIXED_BY_CURVE, null),
    /** The secret must be at least as long as the hash (RFC 7518 §3.2): 32 bytes. */
    HS256(Jwts.SIG.HS256, KeyFamily.HMAC, 256, null),
    HS384(Jwts.SIG.HS384, KeyFamily.HMAC, 384, null),
    HS512(Jwts.SIG.HS512, KeyFamily.HMAC, 512, null);

    /** Key sizes; a nested class because an enum's constants come before its own fields. */
    private static final class Bits {
        /** RFC 7518 §3.3 and §3.5 (JJWT's RsaSignatureAlgorithm.MIN_KEY_BIT_LENGTH). */
        static final int MIN_RSA_KEY = 2048;

        /** An EC or EdDSA key's size is its curve's. */
        static final int FIXED_BY_CURVE = 0;
    }

    /** Kinds of key, each signing its own algorithms only. */
    public enum KeyFamily {
        RSA,
        EC,
        EDDSA,
        HMAC
    }

    private final SecureDigestAlgorithm<?, ?> jjwt;
    private final KeyFamily family;
    private final int minKeyBitLength;
    private final String curve;

    SigningAlgorithm(
            SecureDigestAlgorithm<?, ?> jjwt, KeyFamily family, int minKeyBitLength, String curve) {
        this.jjwt = jjwt;
        this.family = family;
        this.minKeyBitLength = minKeyBitLength;
        this.curve = curve;
    }

    SecureDigestAlgorithm<?, ?> jjwt() {
        return jjwt;
    }

    public KeyFamily family() {
        return family;
    }

    /** The least RSA modulus or HMAC secret, in bits; 0 where the curve fixes the size. */
    int minKeyBitLength() {
        return minKeyBitLength;
    }

    /** The NIST curve an ES* key must be on ({@code P-256}, ...); {@code null} for others. */
    String curve() {
        return curve;
    }

    /** The JCA name of the MAC an HS* algorithm computes: what its secret key is made for. */
    String macJcaName() {
        return switch (this) {
            case HS256 -> "HmacSHA256";
            case HS384 -> "HmacSHA384";
            case HS512 -> "HmacSHA512";
            default -> throw new IllegalStateException(this + " computes no MAC");
        };
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
        SigningAlgorithm algorithm = BY_UPPER_CASE_NAME.get(trimmed.toUpperCase(Locale.ROOT));
        if (algorithm == null) {
            throw new IllegalArgumentException("must be one of " + supportedNames());
        }
        return algorithm;
    }

    /** Upper-cased once: every task names its algorithm. */
    private static final Map<String, SigningAlgorithm> BY_UPPER_CASE_NAME =
            Arrays.stream(values())
                    .collect(
                            Collectors.toUnmodifiableMap(
                                    algorithm -> algorithm.name().toUpperCase(Locale.ROOT),
                                    algorithm -> algorithm));
}
