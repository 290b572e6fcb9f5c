package io.github.conductorjwt.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.PrivateKey;
import java.time.Duration;

/**
 * Parsed keys, bounded, keyed by a digest of their text so the cache never holds the text itself.
 * Parsing is the expensive, repeatable step: the same secret signs every run of a workflow.
 */
final class ParsedKeyCache {

    /** Lets a key that stopped being used (rotated out, say) leave memory. */
    private static final Duration IDLE_EXPIRY = Duration.ofHours(1);

    private final Cache<String, PrivateKey> keys;

    ParsedKeyCache(int maximumSize) {
        if (maximumSize < 0) {
            throw new IllegalArgumentException("key cache size must be >= 0, was " + maximumSize);
        }
        this.keys =
                Caffeine.newBuilder()
                        .maximumSize(maximumSize)
                        .expireAfterAccess(IDLE_EXPIRY)
                        .build();
    }

    /** The parsed key; a parse failure is thrown and not cached. */
    PrivateKey get(KeyText text) {
        return keys.get(text.digest(), digest -> PrivateKeyParser.parse(text));
    }
}
