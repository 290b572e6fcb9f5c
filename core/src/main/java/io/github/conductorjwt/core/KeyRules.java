package io.github.conductorjwt.core;

import io.github.conductorjwt.core.SigningAlgorithm.KeyFamily;
import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import javax.crypto.SecretKey;

/** Refuses a key that does not fit the algorithm or is too weak, before JJWT sees it. */
final class KeyRules {

    private static final String FIELD = JwtRequestReader.PRIVATE_KEY;

    private KeyRules() {}

    static void check(SigningKey signingKey, SigningAlgorithm algorithm) {
        Key key = signingKey.key();
        KeyFamily family = familyOf(key);
        if (family != algorithm.family()) {
            throw new InvalidJwtInputException(
                    FIELD,
                    describe(family, key)
                            + " cannot sign "
                            + algorithm
                            + " (needs "
                            + needs(algorithm)
                            + ")");
        }
        switch (family) {
            case RSA -> checkRsa((RSAKey) key, algorithm);
            case EC -> checkCurve((ECKey) key, algorithm);
            case HMAC -> checkSecretLength(key, algorithm);
            case EDDSA -> {
                // Ed25519 and Ed448 both sign EdDSA.
            }
        }
    }

    private static void checkRsa(RSAKey rsa, SigningAlgorithm algorithm) {
        if ("RSASSA-PSS".equals(((Key) rsa).getAlgorithm()) && algorithm.name().startsWith("RS")) {
            throw new InvalidJwtInputException(
                    FIELD,
                    "an RSASSA-PSS key can sign PS256, PS384 or PS512 only, not " + algorithm);
        }
        int bits = rsa.getModulus().bitLength();
        if (bits < algorithm.bits()) {
            throw new InvalidJwtInputException(
                    FIELD,
                    "RSA key is "
                            + bits
                            + " bits; "
                            + algorithm
                            + " needs at least "
                            + algorithm.bits());
        }
    }

    private static void checkCurve(ECKey ec, SigningAlgorithm algorithm) {
        int fieldSize = ec.getParams().getCurve().getField().getFieldSize();
        if (fieldSize != algorithm.bits()) {
            throw new InvalidJwtInputException(
                    FIELD,
                    "EC key is on a "
                            + fieldSize
                            + "-bit curve; "
                            + algorithm
                            + " needs "
                            + curveName(algorithm.bits()));
        }
    }

    private static void checkSecretLength(Key secret, SigningAlgorithm algorithm) {
        int bytes = secret.getEncoded().length;
        if (bytes * 8 < algorithm.bits()) {
            throw new InvalidJwtInputException(
                    FIELD,
                    "HMAC secret is "
                            + bytes
                            + " bytes; "
                            + algorithm
                            + " needs at least "
                            + algorithm.bits() / 8);
        }
    }

    static KeyFamily familyOf(Key key) {
        if (key instanceof SecretKey) {
            return KeyFamily.HMAC;
        }
        return switch (key.getAlgorithm()) {
            case "RSA", "RSASSA-PSS" -> KeyFamily.RSA;
            case "EC" -> KeyFamily.EC;
            case "EdDSA", "Ed25519", "Ed448" -> KeyFamily.EDDSA;
            default -> null;
        };
    }

    private static String describe(KeyFamily family, Key key) {
        if (family == null) {
            return "a " + key.getAlgorithm() + " key";
        }
        return switch (family) {
            case RSA -> "an RSA key";
            case EC -> "an EC key";
            case EDDSA -> "an EdDSA key";
            case HMAC -> "a shared secret";
        };
    }

    private static String needs(SigningAlgorithm algorithm) {
        return switch (algorithm.family()) {
            case RSA -> "an RSA key";
            case EC -> "an EC key on " + curveName(algorithm.bits());
            case EDDSA -> "an Ed25519 or Ed448 key";
            case HMAC -> "a shared secret";
        };
    }

    private static String curveName(int bits) {
        return "P-" + bits;
    }
}
