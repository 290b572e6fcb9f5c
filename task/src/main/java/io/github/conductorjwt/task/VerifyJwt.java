package io.github.conductorjwt.task;

/**
 * Names of the VERIFY_JWT task and of its outputs, the same for the plugin and the worker (its
 * inputs' are {@link io.github.conductorjwt.core.VerifyInputNames}).
 */
public final class VerifyJwt {

    public static final String TASK_TYPE = "VERIFY_JWT";

    /**
     * The queue the server plugin hands VERIFY_JWT tasks with a {@code keyName} to: only the
     * external worker holds keys. The worker polls it beside {@link #TASK_TYPE}.
     */
    public static final String HELD_KEY_TASK_TYPE = "VERIFY_JWT_HELD_KEY";

    /**
     * The plugin's asynchronous twin of {@link #TASK_TYPE}, for tasks with a {@code jwksUri}: a
     * fetch never runs in the decide loop, but on Conductor's system-task workers.
     */
    public static final String JWKS_TASK_TYPE = "VERIFY_JWT_JWKS";

    /** {@code true} or {@code false}: what a SWITCH branches on. */
    public static final String OUTPUT_VALID = "valid";

    /** One of {@link io.github.conductorjwt.core.VerifyErrorCode}, when not valid. */
    public static final String OUTPUT_ERROR_CODE = "errorCode";

    /** The rule the token broke, in words (never quoting the token), when not valid. */
    public static final String OUTPUT_REASON = "reason";

    /** Only when valid. */
    public static final String OUTPUT_HEADER = "header";

    /** Only when valid. */
    public static final String OUTPUT_CLAIMS = "claims";

    public static final String OUTPUT_KEY_ID = "keyId";
    public static final String OUTPUT_ALGORITHM = "algorithm";

    /** Epoch seconds, as in the {@code exp} claim; absent for a token without one. */
    public static final String OUTPUT_EXPIRES_AT = "expiresAt";

    private VerifyJwt() {}
}
