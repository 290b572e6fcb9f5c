package io.github.conductorjwt.core;

/**
 * Why a token did not verify: the stable codes a workflow branches on (as Apigee's VerifyJWT fault
 * codes), never message text. Their names are the contract; do not rename one.
 */
public enum VerifyErrorCode {
    /**
     * Not a compact JWS within bounds: missing, too long, not three base64url parts, header or
     * claims not a JSON object, nested too deep, or a claim of the wrong type.
     */
    MALFORMED,
    /** {@code alg} missing, {@code none}, not accepted by the task, or not the key's family. */
    ALGORITHM_NOT_ALLOWED,
    /** No key for the token's {@code kid} (or, without a kid, not exactly one key that fits). */
    KEY_NOT_FOUND,
    SIGNATURE_INVALID,
    /** {@code exp} is past, beyond the clock skew. */
    EXPIRED,
    /** {@code nbf} or {@code iat} is in the future, beyond the clock skew. */
    NOT_YET_VALID,
    ISSUER_MISMATCH,
    AUDIENCE_MISMATCH,
    SUBJECT_MISMATCH,
    CLAIM_MISMATCH,
    /** {@code exp - iat} exceeds {@code maxLifetimeSeconds}, or either is missing then. */
    LIFETIME_TOO_LONG,
    /** The header has {@code crit}: no extension is supported, so none may be required. */
    UNSUPPORTED_CRITICAL_HEADER,
    /** The JWK Set at {@code jwksUri} could not be fetched or read: retryable. */
    JWKS_UNAVAILABLE
}
