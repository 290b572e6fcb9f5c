package io.github.conductorjwt.task;

/**
 * Names of the GET_SIGNED_JWT task and of its outputs, the same for the plugin and the worker (its
 * inputs' are {@link io.github.conductorjwt.core.JwtInputNames}).
 */
public final class GetSignedJwt {

    /** The task type, as Orkes Conductor and conductor-oss ui-next name it. */
    public static final String TASK_TYPE = "GET_SIGNED_JWT";

    /**
     * The queue the server plugin hands GET_SIGNED_JWT tasks with a {@code keyName} to: only the
     * external worker holds keys. The worker polls it beside {@link #TASK_TYPE}.
     */
    public static final String HELD_KEY_TASK_TYPE = "GET_SIGNED_JWT_HELD_KEY";

    /**
     * The asynchronous system task type the server plugin hands GET_SIGNED_JWT tasks to whose
     * {@code keyName} names a key the server holds on a device or behind a service: Conductor's
     * system-task workers run it, off the decide loop, so a slow signer holds up its task only.
     */
    public static final String ASYNC_TASK_TYPE = "GET_SIGNED_JWT_ASYNC";

    public static final String OUTPUT_TOKEN = "token";
    public static final String OUTPUT_KEY_ID = "keyId";
    public static final String OUTPUT_ALGORITHM = "algorithm";

    /** Epoch seconds, as in the {@code iat} claim. */
    public static final String OUTPUT_ISSUED_AT = "issuedAt";

    /** Epoch seconds, as in the {@code exp} claim. */
    public static final String OUTPUT_EXPIRES_AT = "expiresAt";

    public static final String OUTPUT_JTI = "jti";

    /**
     * {@code true} on an output reused from an earlier signing ({@code cacheConfig}); absent on a
     * fresh one, whose output keeps the shape Orkes documents.
     */
    public static final String OUTPUT_CACHED = "cached";

    private GetSignedJwt() {}
}
