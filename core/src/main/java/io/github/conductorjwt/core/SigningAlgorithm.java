package io.github.conductorjwt.core;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SignatureAlgorithm;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The JWS algorithms the task signs with, by their JWA names. */
public enum SigningAlgorithm {
    RS256(Jwts.SIG.RS256, "RSA"),
    RS384(Jwts.SIG.RS384, "RSA"),
    RS512(Jwts.SIG.RS512, "RSA");

    /** RFC 7518 §3.3: RSA keys below 2048 bits are not acceptable for RS*. */
    static final int MIN_RSA_BITS = 2048;

    private final SignatureAlgorithm jjwt;
    private final String keyFamily;

    SigningAlgorithm(SignatureAlgorithm jjwt, String keyFamily) {
        this.jjwt = jjwt;
        this.keyFamily = keyFamily;
    }

    SignatureAlgorithm jjwt() {
        return jjwt;
    }

    /** The JCA key algorithm ("RSA", ...) a key must have to sign with this algorithm. */
    String keyFamily() {
        return keyFamily;
    }

    /** The supported names, for error messages and documentation. */
    public static String supportedNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /**
     * The algorithm named {@code name}, matched without regard to case.
     *
     * @throws InvalidJwtInputException for {@code none} and for names we do not support
     */
    public static SigningAlgorithm named(String field, String name) {
        String trimmed = name.strip();
        if (trimmed.equalsIgnoreCase("none")) {
            throw new InvalidJwtInputException(
                    field, "'none' is refused: unsigned tokens are never issued");
        }
        for (SigningAlgorithm algorithm : values()) {
            if (algorithm.name().equals(trimmed.toUpperCase(Locale.ROOT))) {
                return algorithm;
            }
        }
        throw new InvalidJwtInputException(
                field,
                "unsupported algorithm '"
                        + Inputs.abbreviate(trimmed)
                        + "'; supported: "
                        + supportedNames());
    }
}
