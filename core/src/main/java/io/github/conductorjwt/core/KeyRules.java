package io.github.conductorjwt.core;

import io.github.conductorjwt.core.SigningAlgorithm.KeyFamily;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * Refuses a key that does not fit the algorithm or is too weak, before JJWT sees it.
 *
 * @see KeyException
 */
final class KeyRules {

    // Messages, worded to follow the name of whatever held the key; none quotes the key.
    static final String CANNOT_SIGN_MSG = "%s cannot sign %s (needs %s)";

    /** Appended to {@link #CANNOT_SIGN_MSG}: what to write in {@code algorithm} instead. */
    static final String THIS_KEY_SIGNS_MSG = "; this %s signs %s";

    static final String PSS_ONLY_MSG =
            "an RSASSA-PSS key can sign PS256, PS384 or PS512 only, not %s";
    static final String RSA_TOO_LARGE_MSG = "RSA key is %d bits; at most %d";
    static final String RSA_TOO_SMALL_MSG = "RSA key is %d bits; %s needs at least %d";
    static final String WRONG_CURVE_MSG = "EC key is %s; %s needs %s";
    static final String SECRET_TOO_SHORT_MSG = "HMAC secret is %d bytes; %s needs at least %d";

    private KeyRules() {}

    /**
     * @throws KeyException when the key does not fit {@code algorithm} or is too weak for it
     */
    static void check(SigningKey signingKey, SigningAlgorithm algorithm) {
        Key key = signingKey.described();
        KeyFamily family = familyOf(key);
        if (family != algorithm.family()) {
            throw new KeyException(
                    CANNOT_SIGN_MSG.formatted(describe(family, key), algorithm, needs(algorithm))
                            + whatItSigns(key, family));
        }
        checkWithinFamily(key, family, algorithm);
    }

    /** The rules for a key of the algorithm's family: PSS, size, curve. */
    private static void checkWithinFamily(Key key, KeyFamily family, SigningAlgorithm algorithm) {
        switch (family) {
            case RSA -> checkRsa((RSAKey) key, algorithm);
            case EC -> checkCurve((ECKey) key, algorithm);
            case HMAC -> checkSecretLength(key, algorithm);
            case EDDSA -> {
                // Ed25519 and Ed448 both sign EdDSA.
            }
        }
    }

    /**
     * Whether the key is of the algorithm's kind: its family, RSASSA-PSS keys for PS* only, the
     * algorithm's NIST curve. Strength is {@link #check}'s; this is the test both share.
     */
    static boolean fits(Key key, SigningAlgorithm algorithm) {
        KeyFamily family = familyOf(key);
        if (family != algorithm.family()) {
            return false;
        }
        return switch (family) {
            case RSA -> !(isPss(key) && algorithm.name().startsWith("RS"));
            case EC -> sameCurve(((ECKey) key).getParams(), NIST_CURVES.get(algorithm.curve()));
            case HMAC, EDDSA -> true;
        };
    }

    /** "; this P-256 key signs ES256", or nothing for a key that signs none of ours. */
    private static String whatItSigns(Key key, KeyFamily family) {
        List<String> names = new ArrayList<>();
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            if (family != null && algorithm.family() == family) {
                try {
                    checkWithinFamily(key, family, algorithm);
                    names.add(algorithm.name());
                } catch (KeyException e) {
                    // not one it signs
                }
            }
        }
        if (names.isEmpty()) {
            return "";
        }
        String last = names.remove(names.size() - 1);
        String list = names.isEmpty() ? last : String.join(", ", names) + " or " + last;
        return THIS_KEY_SIGNS_MSG.formatted(kindOf(key), list);
    }

    /** The key's kind as its algorithms need it: "P-256 key", "2048-bit RSA key", "Ed25519 key". */
    private static String kindOf(Key key) {
        if (key instanceof RSAKey rsa) {
            return rsa.getModulus().bitLength()
                    + "-bit "
                    + (isPss(key) ? "RSASSA-PSS" : "RSA")
                    + " key";
        }
        if (key instanceof ECKey ec) {
            return NIST_CURVES.entrySet().stream()
                            .filter(curve -> sameCurve(ec.getParams(), curve.getValue()))
                            .map(Map.Entry::getKey)
                            .findFirst()
                            .orElse("EC")
                    + " key";
        }
        if (key instanceof EdECKey ed) {
            return ed.getParams().getName() + " key";
        }
        return key.getAlgorithm() + " key";
    }

    private static boolean isPss(Key key) {
        return "RSASSA-PSS".equals(key.getAlgorithm());
    }

    private static void checkRsa(RSAKey rsa, SigningAlgorithm algorithm) {
        if (isPss((Key) rsa) && algorithm.name().startsWith("RS")) {
            throw new KeyException(PSS_ONLY_MSG.formatted(algorithm));
        }
        int bits = rsa.getModulus().bitLength();
        if (bits > InputLimits.MAX_RSA_BITS) {
            throw new KeyException(RSA_TOO_LARGE_MSG.formatted(bits, InputLimits.MAX_RSA_BITS));
        }
        if (bits < algorithm.minKeyBitLength()) {
            throw new KeyException(
                    RSA_TOO_SMALL_MSG.formatted(bits, algorithm, algorithm.minKeyBitLength()));
        }
    }

    /**
     * The whole curve (field, coefficients, generator, order) must be the NIST one, not just its
     * size.
     */
    private static void checkCurve(ECKey ec, SigningAlgorithm algorithm) {
        if (!fits((Key) ec, algorithm)) {
            String onCurve =
                    NIST_CURVES.entrySet().stream()
                            .filter(curve -> sameCurve(ec.getParams(), curve.getValue()))
                            .map(curve -> "on " + curve.getKey())
                            .findFirst()
                            .orElse("on a curve other than P-256, P-384 or P-521");
            throw new KeyException(
                    WRONG_CURVE_MSG.formatted(onCurve, algorithm, algorithm.curve()));
        }
    }

    private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
        return a.getCurve().equals(b.getCurve())
                && a.getGenerator().equals(b.getGenerator())
                && a.getOrder().equals(b.getOrder())
                && a.getCofactor() == b.getCofactor();
    }

    /** P-256, P-384 and P-521 by name, from the JDK's own named-curve parameters. */
    private static final Map<String, ECParameterSpec> NIST_CURVES =
            Map.of(
                    "P-256", nist("secp256r1"),
                    "P-384", nist("secp384r1"),
                    "P-521", nist("secp521r1"));

    private static ECParameterSpec nist(String name) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(name));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + name, e);
        }
    }

    private static void checkSecretLength(Key secret, SigningAlgorithm algorithm) {
        int bytes = secret.getEncoded().length;
        if (bytes * 8 < algorithm.minKeyBitLength()) {
            throw new KeyException(
                    SECRET_TOO_SHORT_MSG.formatted(
                            bytes, algorithm, algorithm.minKeyBitLength() / 8));
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
            case EC -> "an EC key on " + algorithm.curve();
            case EDDSA -> "an Ed25519 or Ed448 key";
            case HMAC -> "a shared secret";
        };
    }
}
