package io.github.conductorjwt.core;

import java.time.Instant;

/**
 * A signed token and the facts a caller needs about it without decoding it. Its {@code toString}
 * leaves out the token, which is a bearer credential.
 *
 * @param token the compact JWS
 * @param keyId the {@code kid} header, or {@code null}
 * @param algorithm the JWA name of the signing algorithm
 * @param issuedAt the {@code iat} claim
 * @param expiresAt the {@code exp} claim
 * @param jti the {@code jti} claim
 */
public record SignedJwt(
        String token,
        String keyId,
        String algorithm,
        Instant issuedAt,
        Instant expiresAt,
        String jti) {

    @Override
    public String toString() {
        return "SignedJwt[keyId="
                + keyId
                + ", algorithm="
                + algorithm
                + ", issuedAt="
                + issuedAt
                + ", expiresAt="
                + expiresAt
                + ", jti="
                + jti
                + "]";
    }
}
