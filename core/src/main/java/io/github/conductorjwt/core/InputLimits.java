package io.github.conductorjwt.core;

/**
 * The documented bounds of every input. They exist because the task runs inside someone else's
 * server: each bound is checked before any work proportional to the input is done, so no input can
 * hang the decide loop or exhaust its memory. docs/security.md lists them.
 */
public final class InputLimits {

    /**
     * Characters of {@code privateKey}. The largest format we read, an RSA-8192 service-account
     * file, is under 7,000; an RSA-2048 PEM is about 1,700.
     */
    public static final int MAX_KEY_CHARS = 16_384;

    /** Characters of every other text input, and of each audience and scope. */
    public static final int MAX_TEXT_CHARS = 1_024;

    /**
     * Characters of a task's {@code cacheConfig.key}, as written and as evaluated: it is hashed
     * into the output cache's key, never kept, so the bound only caps the work of evaluating it.
     */
    public static final int MAX_CACHE_KEY_CHARS = 1_024;

    /** Audiences in a list. */
    public static final int MAX_AUDIENCES = 16;

    /** Scopes, in a list or a separated string. */
    public static final int MAX_SCOPES = 64;

    /** Nesting of objects and lists inside {@code additionalClaims} and {@code headers}. */
    public static final int MAX_JSON_DEPTH = 5;

    /**
     * Values (members and list items, at every level) inside {@code additionalClaims} or {@code
     * headers}.
     */
    public static final int MAX_JSON_VALUES = 256;

    /** Characters of a claim or header name. */
    public static final int MAX_NAME_CHARS = 128;

    /**
     * Characters of a string inside {@code additionalClaims} or {@code headers}: room for an x5c
     * certificate.
     */
    public static final int MAX_NESTED_TEXT_CHARS = 4_096;

    /**
     * Bytes of the token's header and payload JSON. Tokens travel in HTTP headers, which servers
     * commonly cap at 8 KiB.
     */
    public static final int MAX_TOKEN_JSON_BYTES = 8_192;

    /** Characters of a number given as a string ({@code "3600"}). */
    public static final int MAX_NUMBER_CHARS = 32;

    /** Bits of an RSA modulus: signing cost grows with its cube, and 8192 is the most in use. */
    public static final int MAX_RSA_BITS = 8_192;

    /**
     * PBKDF2 iterations of an encrypted PKCS#8 key, whatever its PRF. The file chooses its own
     * count and a wrong password costs a full derivation, so the ceiling is set by cost: at most
     * 28-86 ms of CPU here. OWASP's storage guidance (600,000 for SHA-256; 1,300,000 for SHA-1)
     * measured 150-700 ms per refusal. OpenSSL writes 2,048, Java's keytool 10,000.
     */
    public static final int MAX_PBKDF2_ITERATIONS = 50_000;

    // VERIFY_JWT (docs/verify-jwt.md lists them).

    /**
     * Characters of VERIFY_JWT's {@code token}. A longer one is refused as {@code MALFORMED} before
     * any decoding: twice what HTTP servers commonly allow in a header.
     */
    public static final int MAX_TOKEN_CHARS = 16_384;

    /**
     * Characters of VERIFY_JWT's {@code publicKey}: room for a JWK Set of {@link #MAX_JWKS_KEYS}
     * RSA-4096 keys and a few certificates.
     */
    public static final int MAX_PUBLIC_KEY_CHARS = 65_536;

    /** Keys in a JWK Set, given or fetched: providers publish two to a dozen. */
    public static final int MAX_JWKS_KEYS = 64;

    /** Nesting of a token's header and payload JSON (the claims output a workflow reads). */
    public static final int MAX_TOKEN_JSON_DEPTH = 16;

    /** VERIFY_JWT's {@code clockSkewSeconds}: at most five minutes of leeway. */
    public static final int MAX_CLOCK_SKEW_SECONDS = 300;

    /** VERIFY_JWT's {@code clockSkewSeconds} when not given. */
    public static final int DEFAULT_CLOCK_SKEW_SECONDS = 60;

    /** VERIFY_JWT's {@code maxLifetimeSeconds}: at most ten years. */
    public static final long MAX_LIFETIME_SECONDS = 315_360_000L;

    private InputLimits() {}
}
