package io.github.conductorjwt.core;

import java.util.List;

/**
 * The names of the task's inputs, as users write them (Orkes' GET_SIGNED_JWT spelling), owned here
 * alone like JJWT's {@code Claims.ISSUER}. The input schema ({@code
 * schema/get-signed-jwt-input.schema.json}) is checked against {@link #ALL}.
 */
public final class JwtInputNames {

    public static final String SUBJECT = "subject";
    public static final String ISSUER = "issuer";
    public static final String AUDIENCE = "audience";
    public static final String PRIVATE_KEY = "privateKey";
    public static final String PRIVATE_KEY_PASSWORD = "privateKeyPassword";
    public static final String PRIVATE_KEY_ID = "privateKeyId";
    public static final String TTL_IN_SECOND = "ttlInSecond";

    /** The spelling Orkes' documentation also uses. */
    public static final String TTL_IN_SECONDS = "ttlInSeconds";

    public static final String NOT_BEFORE = "notBefore";
    public static final String JTI = "jti";
    public static final String SCOPES = "scopes";
    public static final String ALGORITHM = "algorithm";
    public static final String ADDITIONAL_CLAIMS = "additionalClaims";
    public static final String HEADERS = "headers";

    /**
     * Names a key the external worker holds, in place of {@link #PRIVATE_KEY}: the worker swaps it
     * for the key before the request is read, so the reader never sees it.
     */
    public static final String KEY_NAME = "keyName";

    /** Every input, in the schema's order. */
    public static final List<String> ALL =
            List.of(
                    SUBJECT,
                    ISSUER,
                    AUDIENCE,
                    PRIVATE_KEY,
                    PRIVATE_KEY_PASSWORD,
                    PRIVATE_KEY_ID,
                    TTL_IN_SECOND,
                    TTL_IN_SECONDS,
                    NOT_BEFORE,
                    JTI,
                    SCOPES,
                    ALGORITHM,
                    ADDITIONAL_CLAIMS,
                    HEADERS,
                    KEY_NAME);

    private JwtInputNames() {}
}
