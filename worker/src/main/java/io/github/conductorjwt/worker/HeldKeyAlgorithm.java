package io.github.conductorjwt.worker;

import io.github.conductorjwt.core.SigningAlgorithm;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.List;

/**
 * The one algorithm a held key signs with, which its JWKS entry publishes as {@code alg}: a
 * verifier that trusts the worker's key set must accept every token the key signs, and a token
 * signed with another algorithm fails there (RFC 7517 §4.4).
 */
final class HeldKeyAlgorithm {

    private HeldKeyAlgorithm() {}

    /**
     * The key file's own {@code alg} (a JWK's) when it gives one; else the worker's default when it
     * fits the key; else the key's usual one (RS256, PS256, the EC curve's, EdDSA).
     *
     * @param declared the {@code alg} member of a JWK file, or {@code null}
     * @throws IllegalArgumentException with the rule only, when no supported algorithm fits
     */
    static SigningAlgorithm choose(
            PrivateKey key, SigningAlgorithm defaultAlgorithm, String declared) {
        List<SigningAlgorithm> fitting = fitting(key);
        if (fitting.isEmpty()) {
            throw new IllegalArgumentException(
                    "no supported algorithm signs with this "
                            + key.getAlgorithm()
                            + " key; supported: "
                            + SigningAlgorithm.supportedNames());
        }
        if (declared != null) {
            // RFC 7517 §4.4: alg is case-sensitive.
            return fitting.stream()
                    .filter(algorithm -> algorithm.name().equals(declared))
                    .findFirst()
                    .orElseThrow(
                            () ->
                                    new IllegalArgumentException(
                                            "its \"alg\" must be one of "
                                                    + String.join(
                                                            ", ",
                                                            fitting.stream()
                                                                    .map(Enum::name)
                                                                    .toList())
                                                    + " for this key"));
        }
        return fitting.contains(defaultAlgorithm) ? defaultAlgorithm : fitting.get(0);
    }

    /** What the key can sign, as the core judges it; enum order puts its usual one first. */
    private static List<SigningAlgorithm> fitting(PrivateKey key) {
        return Arrays.stream(SigningAlgorithm.values())
                .filter(algorithm -> algorithm.fits(key))
                .toList();
    }
}
