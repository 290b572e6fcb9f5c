package io.github.conductorjwt.core;

import java.security.PrivateKey;
import java.security.interfaces.RSAKey;

/** Refuses a key that does not fit the algorithm or is too weak, before JJWT sees it. */
final class KeyRules {

    private KeyRules() {}

    static void check(PrivateKey key, SigningAlgorithm algorithm) {
        String family = key.getAlgorithm();
        if (!algorithm.keyFamily().equals(family)) {
            throw new InvalidJwtInputException(
                    JwtRequestReader.PRIVATE_KEY,
                    "an "
                            + family
                            + " key cannot sign "
                            + algorithm
                            + " (needs an "
                            + algorithm.keyFamily()
                            + " key)");
        }
        if (key instanceof RSAKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < SigningAlgorithm.MIN_RSA_BITS) {
                throw new InvalidJwtInputException(
                        JwtRequestReader.PRIVATE_KEY,
                        "RSA key is "
                                + bits
                                + " bits; "
                                + algorithm
                                + " needs at least "
                                + SigningAlgorithm.MIN_RSA_BITS);
            }
        }
    }
}
