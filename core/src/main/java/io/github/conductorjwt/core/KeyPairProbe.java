package io.github.conductorjwt.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Whether a private key and a public key are the two halves of one key pair, told the way a relying
 * party would find out: a signature by the one verifies with the other. A private JWK carries both
 * halves, and nothing else ties them together (JJWT builds each from its own members); the tokens
 * must verify against the public half, the one its owner publishes.
 */
final class KeyPairProbe {

    private static final byte[] PROBE =
            "conductor-jwt: one key pair?".getBytes(StandardCharsets.US_ASCII);

    private KeyPairProbe() {}

    /**
     * @return false when a signature by {@code privateKey} does not verify with {@code publicKey},
     *     or the private key cannot sign at all (its numbers are no key's); true for key types that
     *     do not sign (KeyRules refuses them)
     */
    static boolean isOnePair(PrivateKey privateKey, PublicKey publicKey) {
        String algorithm =
                switch (privateKey.getAlgorithm()) {
                    case "RSA" -> "SHA256withRSA";
                    case "EC" -> "SHA256withECDSA";
                    case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
                    default -> null;
                };
        if (algorithm == null) {
            return true;
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException notOnePair) {
            return false;
        }
    }
}
