package io.github.conductorjwt.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits an operator sets for every request.
 *
 * @param maxTtl the longest lifetime a token may be given
 * @param defaultAlgorithm the algorithm used when a request names none
 */
public record SigningPolicy(Duration maxTtl, SigningAlgorithm defaultAlgorithm) {

    public static final Duration DEFAULT_MAX_TTL = Duration.ofDays(1);

    public SigningPolicy {
        Objects.requireNonNull(maxTtl, "maxTtl");
        Objects.requireNonNull(defaultAlgorithm, "defaultAlgorithm");
        if (maxTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("maxTtl must be at least 1 second, was " + maxTtl);
        }
    }

    /** One day at most, RS256 by default. */
    public static SigningPolicy defaults() {
        return new SigningPolicy(DEFAULT_MAX_TTL, SigningAlgorithm.RS256);
    }
}
