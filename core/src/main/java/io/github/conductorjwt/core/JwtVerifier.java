package io.github.conductorjwt.core;

import io.github.conductorjwt.core.TokenParts.Invalid;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.jackson.io.JacksonDeserializer;
import io.jsonwebtoken.security.SignatureException;
import java.math.BigDecimal;
import java.security.Key;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * Verifies tokens with JJWT after checking, itself, what JJWT leaves to its caller: the algorithm
 * against the key's family and the task's list (so an RSA public key never verifies HS256), no
 * {@code crit}, the key for the {@code kid}, and the claims a task names. Each way a token can be
 * invalid is one {@link VerifyErrorCode}. Thread-safe; keep one.
 */
public final class JwtVerifier {

    static final String NO_ALG_MSG = "the token's header names no algorithm";
    static final String ALG_NOT_ALLOWED_MSG =
            "the token's algorithm is not one this task accepts (%s)";
    static final String NONE_MSG = "the token is unsigned (alg 'none')";
    static final String ALG_NOT_KEY_MSG = "the token's algorithm does not fit the key for its kid";
    static final String CRIT_MSG =
            "the token's header has 'crit'; no critical extension is supported";
    static final String NO_KEY_MSG = "no key for the token's kid";
    static final String NO_KEY_WITHOUT_KID_MSG =
            "the token names no kid and not exactly one key fits its algorithm";
    static final String SIGNATURE_MSG = "the signature does not verify";
    static final String EXPIRED_MSG = "the token expired (exp is past, beyond %d s of clock skew)";
    static final String NOT_BEFORE_MSG =
            "the token is not valid yet (nbf is ahead, beyond %d s of clock skew)";
    static final String ISSUED_LATER_MSG =
            "the token was issued in the future (iat is ahead, beyond %d s of clock skew)";
    static final String LIFETIME_MSG = "the token's lifetime (exp - iat) exceeds %d s";
    static final String NO_LIFETIME_MSG =
            "the token lacks exp or iat, so its lifetime cannot be held to %d s";
    static final String ISSUER_MSG = "the token's iss is not the issuer expected";
    static final String SUBJECT_MSG = "the token's sub is not the subject expected";
    static final String AUDIENCE_MSG = "the token's aud contains none of the audiences expected";
    static final String CLAIM_MSG = "the token's claim '%s' does not have the value expected";
    static final String CLAIM_TYPE_MSG = "the token's claim '%s' is not of its registered type";
    static final String UNREADABLE_MSG = "the token does not parse as a signed JWT (%s)";

    private static final JacksonDeserializer<Map<String, ?>> JSON =
            new JacksonDeserializer<>(TokenParts.JSON);

    private final Clock clock;

    public JwtVerifier() {
        this(Clock.systemUTC());
    }

    public JwtVerifier(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws JwksUnavailableException when the request's keys had to be fetched and could not be
     */
    public Verification verify(VerifyRequest request) {
        try {
            return verified(request);
        } catch (Invalid e) {
            return Verification.invalid(e.code, e.getMessage());
        }
    }

    private Verification verified(VerifyRequest request) {
        TokenParts parts = TokenParts.read(request.token());
        if (parts.header.containsKey("crit")) {
            throw new Invalid(VerifyErrorCode.UNSUPPORTED_CRITICAL_HEADER, CRIT_MSG);
        }
        SigningAlgorithm algorithm = algorithm(parts.header, request);
        Object kid = parts.header.get("kid");
        if (kid != null && !(kid instanceof String)) {
            throw new Invalid(VerifyErrorCode.MALFORMED, "the token's kid is not a string");
        }
        VerificationKeys.Match match =
                request.keys().keysFor((String) kid).find((String) kid, algorithm);
        if (match.error() != null) {
            throw new Invalid(
                    match.error(),
                    match.error() == VerifyErrorCode.ALGORITHM_NOT_ALLOWED
                            ? ALG_NOT_KEY_MSG
                            : kid == null ? NO_KEY_WITHOUT_KID_MSG : NO_KEY_MSG);
        }
        if (parts.signingInput.length() + 1 == request.token().length()) {
            // No signature under a signing alg: JJWT would call it unsecured.
            throw new Invalid(VerifyErrorCode.SIGNATURE_INVALID, SIGNATURE_MSG);
        }
        Instant now = clock.instant();
        long skew = request.clockSkew().toSeconds();
        Date expiresAt = checkSignatureAndTimes(request, match.key().keyFor(algorithm), skew, now);
        Instant issuedAt = seconds(parts.claims, "iat");
        if (issuedAt != null && issuedAt.isAfter(now.plusSeconds(skew))) {
            throw new Invalid(VerifyErrorCode.NOT_YET_VALID, ISSUED_LATER_MSG.formatted(skew));
        }
        checkLifetime(request, parts.claims, issuedAt);
        checkClaims(request, parts.claims);
        return new Verification(
                null,
                null,
                parts.header,
                parts.claims,
                match.key().keyId() != null ? match.key().keyId() : (String) kid,
                algorithm,
                expiresAt == null ? null : expiresAt.toInstant());
    }

    private static SigningAlgorithm algorithm(Map<String, Object> header, VerifyRequest request) {
        Object alg = header.get("alg");
        if (!(alg instanceof String name)) {
            throw new Invalid(VerifyErrorCode.ALGORITHM_NOT_ALLOWED, NO_ALG_MSG);
        }
        if (name.equals("none")) {
            throw new Invalid(VerifyErrorCode.ALGORITHM_NOT_ALLOWED, NONE_MSG);
        }
        for (SigningAlgorithm algorithm : request.algorithms()) {
            // JWA names are case-sensitive (RFC 7515 §4.1.1).
            if (algorithm.name().equals(name)) {
                return algorithm;
            }
        }
        throw new Invalid(
                VerifyErrorCode.ALGORITHM_NOT_ALLOWED,
                ALG_NOT_ALLOWED_MSG.formatted(
                        String.join(", ", request.algorithms().stream().map(Enum::name).toList())));
    }

    /** JJWT checks the signature, then exp and nbf; returns exp. */
    private Date checkSignatureAndTimes(VerifyRequest request, Key key, long skew, Instant now) {
        var parser = Jwts.parser().json(JSON).clock(() -> Date.from(now)).clockSkewSeconds(skew);
        if (key instanceof SecretKey secret) {
            parser.verifyWith(secret);
        } else {
            parser.verifyWith((PublicKey) key);
        }
        try {
            return parser.build().parseSignedClaims(request.token()).getPayload().getExpiration();
        } catch (SignatureException e) {
            throw new Invalid(VerifyErrorCode.SIGNATURE_INVALID, SIGNATURE_MSG);
        } catch (ExpiredJwtException e) {
            throw new Invalid(VerifyErrorCode.EXPIRED, EXPIRED_MSG.formatted(skew));
        } catch (PrematureJwtException e) {
            throw new Invalid(VerifyErrorCode.NOT_YET_VALID, NOT_BEFORE_MSG.formatted(skew));
        } catch (JwtException | IllegalArgumentException e) {
            // A claim of the wrong type, a payload that is no claims set: JJWT's message may quote
            // the token, so its type only.
            throw new Invalid(
                    VerifyErrorCode.MALFORMED,
                    UNREADABLE_MSG.formatted(e.getClass().getSimpleName()));
        }
    }

    private static void checkLifetime(
            VerifyRequest request, Map<String, Object> claims, Instant issuedAt) {
        if (request.maxLifetime() == null) {
            return;
        }
        long max = request.maxLifetime().toSeconds();
        Instant expiresAt = seconds(claims, "exp");
        if (expiresAt == null || issuedAt == null) {
            throw new Invalid(VerifyErrorCode.LIFETIME_TOO_LONG, NO_LIFETIME_MSG.formatted(max));
        }
        if (expiresAt.getEpochSecond() - issuedAt.getEpochSecond() > max) {
            throw new Invalid(VerifyErrorCode.LIFETIME_TOO_LONG, LIFETIME_MSG.formatted(max));
        }
    }

    private static void checkClaims(VerifyRequest request, Map<String, Object> claims) {
        if (request.issuer() != null && !request.issuer().equals(claims.get("iss"))) {
            throw new Invalid(VerifyErrorCode.ISSUER_MISMATCH, ISSUER_MSG);
        }
        if (request.subject() != null && !request.subject().equals(claims.get("sub"))) {
            throw new Invalid(VerifyErrorCode.SUBJECT_MISMATCH, SUBJECT_MSG);
        }
        if (!request.audience().isEmpty()
                && !audienceMatches(request.audience(), claims.get("aud"))) {
            throw new Invalid(VerifyErrorCode.AUDIENCE_MISMATCH, AUDIENCE_MSG);
        }
        for (Map.Entry<String, Object> expected : request.claims().entrySet()) {
            if (!JsonValues.same(
                    expected.getValue(),
                    claims.get(expected.getKey()),
                    claims.containsKey(expected.getKey()))) {
                // The name is the workflow author's, from the input (bounded), not the token's.
                throw new Invalid(
                        VerifyErrorCode.CLAIM_MISMATCH, CLAIM_MSG.formatted(expected.getKey()));
            }
        }
    }

    private static boolean audienceMatches(List<String> expected, Object aud) {
        if (aud instanceof String one) {
            return expected.contains(one);
        }
        if (aud instanceof Collection<?> many) {
            return many.stream().anyMatch(expected::contains);
        }
        return false;
    }

    /** A NumericDate claim (RFC 7519 §2), or {@code null} when absent. */
    private static Instant seconds(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number)) {
            throw new Invalid(VerifyErrorCode.MALFORMED, CLAIM_TYPE_MSG.formatted(name));
        }
        try {
            return Instant.ofEpochSecond(new BigDecimal(number.toString()).longValue());
        } catch (RuntimeException e) {
            throw new Invalid(VerifyErrorCode.MALFORMED, CLAIM_TYPE_MSG.formatted(name));
        }
    }
}
