package io.github.conductorjwt.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated VERIFY_JWT request. Built only by {@link VerifyRequestReader}.
 *
 * @param token the token as given, {@code Bearer } removed; {@code null} when absent or not a
 *     string (the verifier calls that {@code MALFORMED}); never printed
 * @param keys where the keys come from
 * @param fetched whether {@code keys} are fetched from a {@code jwksUri} (asynchronous runtimes
 *     only)
 * @param algorithms the algorithms accepted: those given (or all), that the key can verify
 * @param issuer exact {@code iss}, or {@code null}
 * @param subject exact {@code sub}, or {@code null}
 * @param audience {@code aud} must contain one of these; empty for any
 * @param claims claim values that must match exactly
 * @param clockSkew leeway for {@code exp}, {@code nbf} and {@code iat}
 * @param maxLifetime the longest {@code exp - iat} accepted, or {@code null}
 * @param failOnInvalid whether an invalid token fails the task
 */
public record VerifyRequest(
        String token,
        KeySet keys,
        boolean fetched,
        Set<SigningAlgorithm> algorithms,
        String issuer,
        String subject,
        List<String> audience,
        Map<String, Object> claims,
        Duration clockSkew,
        Duration maxLifetime,
        boolean failOnInvalid) {

    @Override
    public String toString() {
        return "VerifyRequest[algorithms="
                + algorithms
                + ", fetched="
                + fetched
                + ", failOnInvalid="
                + failOnInvalid
                + "]";
    }
}
