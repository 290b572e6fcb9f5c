package io.github.conductorjwt.core;

import java.util.List;

/**
 * The names of VERIFY_JWT's inputs, owned here alone as {@link JwtInputNames} owns
 * GET_SIGNED_JWT's. The input schema ({@code schema/verify-jwt-input.schema.json}) is checked
 * against {@link #ALL}.
 */
public final class VerifyInputNames {

    /** The compact JWS; a leading {@code Bearer } is accepted. */
    public static final String TOKEN = "token";

    public static final String PUBLIC_KEY = "publicKey";
    public static final String JWKS_URI = "jwksUri";
    public static final String SECRET_KEY = "secretKey";

    /**
     * A key the runtime holds: the external worker swaps it for the public halves of the keys of
     * that name before the request is read.
     */
    public static final String KEY_NAME = "keyName";

    public static final String ALGORITHMS = "algorithms";
    public static final String ISSUER = "issuer";
    public static final String SUBJECT = "subject";
    public static final String AUDIENCE = "audience";
    public static final String CLAIMS = "claims";
    public static final String CLOCK_SKEW_SECONDS = "clockSkewSeconds";
    public static final String MAX_LIFETIME_SECONDS = "maxLifetimeSeconds";
    public static final String FAIL_ON_INVALID = "failOnInvalid";

    /** The inputs that say which key verifies: exactly one must be given. */
    public static final List<String> KEY_SOURCES =
            List.of(PUBLIC_KEY, JWKS_URI, SECRET_KEY, KEY_NAME);

    /** Every input, in the schema's order. */
    public static final List<String> ALL =
            List.of(
                    TOKEN,
                    PUBLIC_KEY,
                    JWKS_URI,
                    SECRET_KEY,
                    KEY_NAME,
                    ALGORITHMS,
                    ISSUER,
                    SUBJECT,
                    AUDIENCE,
                    CLAIMS,
                    CLOCK_SKEW_SECONDS,
                    MAX_LIFETIME_SECONDS,
                    FAIL_ON_INVALID);

    private VerifyInputNames() {}
}
