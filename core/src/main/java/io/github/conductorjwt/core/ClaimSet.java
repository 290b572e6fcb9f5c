package io.github.conductorjwt.core;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The claims of a request, as {@link JwtSigner} writes them, for a held signer that is sent claims
 * and writes the token itself (Google's {@code signJwt}).
 */
public final class ClaimSet {

    private ClaimSet() {}

    /**
     * @param issuedAt the {@code iat}, whole seconds
     * @param jti the {@code jti}
     */
    public static Map<String, Object> of(JwtRequest request, Instant issuedAt, String jti) {
        Map<String, Object> claims = new LinkedHashMap<>(request.additionalClaims());
        claims.put("iss", request.issuer());
        claims.put("sub", request.subject());
        // A single audience as a string: Google's token endpoint rejects an array here.
        claims.put(
                "aud",
                request.audience().size() == 1 ? request.audience().get(0) : request.audience());
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", issuedAt.plus(request.ttl()).getEpochSecond());
        if (request.notBefore() != null) {
            claims.put("nbf", issuedAt.plus(request.notBefore()).getEpochSecond());
        }
        claims.put("jti", jti);
        if (!request.scopes().isEmpty()) {
            claims.put(JwtSigner.SCOPE_CLAIM, String.join(" ", request.scopes()));
        }
        return claims;
    }
}
