package io.github.conductorjwt.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and settings an operator sets for every request.
 *
 * @param maxTtl the longest lifetime a token may be given
 * @param defaultAlgorithm the algorithm used when a request names none
 * @param keyCacheSize how many parsed keys to keep; 0 parses on every request
 */
public record SigningPolicy(Duration maxTtl, SigningAlgorithm defaultAlgorithm, int keyCacheSize) {

    public static final Duration DEFAULT_MAX_TTL = Duration.ofDays(1);
    public static final int DEFAULT_KEY_CACHE_SIZE = 1000;

    public SigningPolicy {
        Objects.requireNonNull(maxTtl, "maxTtl");
        Objects.requireNonNull(defaultAlgorithm, "defaultAlgorithm");
        if (maxTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("maxTtl must be at least 1 second, was " + maxTtl);
        }
        if (keyCacheSize < 0) {
            throw new IllegalArgumentException("keyCacheSize must be >= 0, was " + keyCacheSize);
        }
    }

    /** One day at most, RS256 by default, 1000 cached keys. */
    public static SigningPolicy defaults() {
        return new SigningPolicy(DEFAULT_MAX_TTL, SigningAlgorithm.RS256, DEFAULT_KEY_CACHE_SIZE);
    }

    public SigningPolicy withMaxTtl(Duration ttl) {
        return new SigningPolicy(ttl, defaultAlgorithm, keyCacheSize);
    }
}
