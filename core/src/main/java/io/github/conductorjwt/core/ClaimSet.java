package io.github.conductorjwt.core;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The claims of a request: what {@link JwtSigner} writes as a token's payload, and what a held
 * signer that is sent claims and writes the token itself (Google's {@code signJwt}) is sent.
 *
 * <p>They are the claims JJWT's claims builder would write for the same request, member for member
 * and in its order (a test holds them to it): the additional claims as given, then {@code iss},
 * {@code sub}, {@code iat}, {@code exp}, {@code jti}, {@code nbf}, {@code aud}, {@code scope}. The
 * builder's own rules are kept here: a claim whose value is {@code null} is left out, times are
 * whole seconds (RFC 7519 NumericDate), a single audience is a string. Its other rules are the
 * reader's, before signing: no claim name is empty or padded with white space, no additional claim
 * takes the name of a claim another input sets, and no input that sets a claim is blank.
 */
public final class ClaimSet {

    private ClaimSet() {}

    /**
     * @param issuedAt the {@code iat}, whole seconds
     * @param jti the {@code jti}
     */
    public static Map<String, Object> of(JwtRequest request, Instant issuedAt, String jti) {
        Map<String, Object> claims = new LinkedHashMap<>();
        request.additionalClaims()
                .forEach(
                        (name, value) -> {
                            if (value != null) {
                                claims.put(name, value);
                            }
                        });
        claims.put("iss", request.issuer());
        claims.put("sub", request.subject());
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", issuedAt.plus(request.ttl()).getEpochSecond());
        claims.put("jti", jti);
        if (request.notBefore() != null) {
            claims.put("nbf", issuedAt.plus(request.notBefore()).getEpochSecond());
        }
        // A single audience as a string: Google's token endpoint rejects an array here.
        claims.put(
                "aud",
                request.audience().size() == 1 ? request.audience().get(0) : request.audience());
        if (!request.scopes().isEmpty()) {
            claims.put(JwtSigner.SCOPE_CLAIM, String.join(" ", request.scopes()));
        }
        return claims;
    }
}
