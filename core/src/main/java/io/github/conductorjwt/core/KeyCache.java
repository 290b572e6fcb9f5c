package io.github.conductorjwt.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Parsed keys, imported into the signing provider, bounded, keyed by digests of the key text and
 * password so the cache never holds either. Parsing is the repeatable step: the same secret signs
 * every run of a workflow.
 */
final class KeyCache {

    /** Lets a key that stopped being used (rotated out, say) leave memory. */
    private static final Duration IDLE_EXPIRY = Duration.ofHours(1);

    /** A parsed key, or the verdict on text that holds none: a refusal is as repeatable. */
    private final Cache<CacheKey, Object> keys;

    private final SigningProvider provider;

    KeyCache(int maximumSize, SigningProvider provider) {
        this.provider = provider;
        if (maximumSize < 0) {
            throw new IllegalArgumentException("key cache size must be >= 0, was " + maximumSize);
        }
        this.keys =
                Caffeine.newBuilder()
                        .maximumSize(maximumSize)
                        .expireAfterAccess(IDLE_EXPIRY)
                        .build();
    }

    /** What identifies a parsed key: digests of its text and password, and its use. */
    private record CacheKey(
            ConfidentialText.Fingerprint text, String use, ConfidentialText.Fingerprint password) {}

    /**
     * The parsed key. A refusal is cached too, so a hostile key (an encrypted one at the PBKDF2
     * ceiling, say) costs its parse once, not once per task.
     */
    SigningKey get(ConfidentialText text, SigningAlgorithm algorithm, ConfidentialText password) {
        // The same text is a different key per HMAC algorithm (its JCA name differs), and one
        // asymmetric key whatever the algorithm.
        String use =
                algorithm.family() == SigningAlgorithm.KeyFamily.HMAC ? algorithm.name() : "pair";
        CacheKey cacheKey =
                new CacheKey(
                        text.fingerprint(), use, password == null ? null : password.fingerprint());
        Object parsed =
                keys.get(
                        cacheKey,
                        k -> {
                            try {
                                return provider.adopt(
                                        KeyParser.parse(
                                                text,
                                                algorithm,
                                                password == null ? null : password.reveal()));
                            } catch (KeyException refused) {
                                return refused;
                            }
                        });
        if (parsed instanceof KeyException refused) {
            throw refused;
        }
        return (SigningKey) parsed;
    }
}
