package io.github.conductorjwt.core;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param notBefore {@code nbf - iat}, or {@code null} for no {@code nbf}
 * @param jti the {@code jti} claim, or {@code null} for a random one
 * @param scopes written as one space-separated {@code scope} claim; empty for no claim
 * @param additionalClaims further claims, none of them set by another input
 * @param headers further protected headers, none of them {@code alg} or {@code kid}
 * @param algorithm the JWS algorithm
 * @param key the parsed signing key; {@code null} when a {@link HeldSigner} signs
 */
public record JwtRequest(
        String issuer,
        String subject,
        List<String> audience,
        String keyId,
        Duration ttl,
        Duration notBefore,
        String jti,
        List<String> scopes,
        Map<String, Object> additionalClaims,
        Map<String, Object> headers,
        SigningAlgorithm algorithm,
        SigningKey key) {

    public JwtRequest {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        audience = List.copyOf(audience);
        Objects.requireNonNull(ttl, "ttl");
        scopes = List.copyOf(scopes);
        // JSON claim values may be null, which Map.copyOf refuses.
        additionalClaims = Collections.unmodifiableMap(new LinkedHashMap<>(additionalClaims));
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Objects.requireNonNull(algorithm, "algorithm");
    }

    /** The same request, for {@code signingAlgorithm}: for tests of what the signer refuses. */
    JwtRequest withAlgorithm(SigningAlgorithm signingAlgorithm) {
        return new JwtRequest(
                issuer,
                subject,
                audience,
                keyId,
                ttl,
                notBefore,
                jti,
                scopes,
                additionalClaims,
                headers,
                signingAlgorithm,
                key);
    }

    /**
     * The same request, signed with {@code signingKey}: for a held signer with a key of its own.
     */
    public JwtRequest withKey(SigningKey signingKey) {
        return new JwtRequest(
                issuer,
                subject,
                audience,
                keyId,
                ttl,
                notBefore,
                jti,
                scopes,
                additionalClaims,
                headers,
                algorithm,
                signingKey);
    }
}
