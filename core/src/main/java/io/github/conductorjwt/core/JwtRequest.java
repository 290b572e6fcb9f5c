package io.github.conductorjwt.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A validated request for one signed JWT. Built by {@link JwtRequestReader}; its {@code toString}
 * never shows the key.
 *
 * @param issuer the {@code iss} claim
 * @param subject the {@code sub} claim
 * @param audience the {@code aud} claim: one value is written as a string, several as an array
 * @param keyId the {@code kid} header, or {@code null} for none
 * @param ttl {@code exp - iat}
 * @param scopes written as one space-separated {@code scope} claim; empty for no claim
 * @param algorithm the JWS algorithm
 * @param privateKey the signing key's text
 */
public record JwtRequest(
        String issuer,
        String subject,
        List<String> audience,
        String keyId,
        Duration ttl,
        List<String> scopes,
        SigningAlgorithm algorithm,
        KeyText privateKey) {

    public JwtRequest {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        audience = List.copyOf(audience);
        Objects.requireNonNull(ttl, "ttl");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
