package io.github.conductorjwt.task;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.conductorjwt.core.SignedJwt;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Outputs of earlier signings, reused for tasks that declare {@code cacheConfig}: bounded, in this
 * JVM only (each server node and each worker keeps its own), keyed by {@link OutputCacheKey}.
 *
 * <p>An entry is handed out until {@code min(iat + cacheConfig.ttlInSecond, exp - margin)}, the
 * margin being the larger of {@link #MIN_MARGIN} and a tenth of the token's lifetime: a reused
 * token always has at least that much life left for the steps that use it. A token whose lifetime
 * leaves no such window is not cached.
 */
public final class OutputCache {

    /** The least life a reused token has left. */
    public static final Duration MIN_MARGIN = Duration.ofSeconds(30);

    /** The default number of entries. */
    public static final int DEFAULT_SIZE = 1000;

    /** No caching: every task signs. */
    public static final OutputCache OFF = new OutputCache(0, Clock.systemUTC());

    private record Entry(Map<String, Object> output, Instant usableUntil) {}

    private final Cache<String, Entry> entries;
    private final Clock clock;

    /**
     * @param maximumSize entries kept, the least recently used leaving first; 0 turns caching off
     */
    public OutputCache(int maximumSize) {
        this(maximumSize, Clock.systemUTC());
    }

    /**
     * @param clock the clock {@link io.github.conductorjwt.core.JwtSigner} signs with
     */
    public OutputCache(int maximumSize, Clock clock) {
        if (maximumSize < 0) {
            throw new IllegalArgumentException(
                    "output cache size must be >= 0, was " + maximumSize);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.entries =
                maximumSize == 0
                        ? null
                        : Caffeine.newBuilder()
                                .maximumSize(maximumSize)
                                // Frees memory at the entry's end; whether it may still be
                                // handed out is decided in find(), on this class's clock.
                                .expireAfter(
                                        Expiry.<String, Entry>creating(
                                                (key, entry) -> untilEnd(entry)))
                                .build();
    }

    /** The output cached under {@code key} while it may be handed out, else {@code null}. */
    Map<String, Object> find(String key) {
        if (entries == null) {
            return null;
        }
        Entry entry = entries.getIfPresent(key);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.usableUntil())) {
            entries.asMap().remove(key, entry);
            return null;
        }
        return entry.output();
    }

    /** Keeps {@code output} of {@code jwt} under {@code key} for at most {@code ttl}. */
    void put(String key, SignedJwt jwt, Map<String, Object> output, Duration ttl) {
        if (entries == null) {
            return;
        }
        Instant usableUntil = usableUntil(jwt.issuedAt(), jwt.expiresAt(), ttl);
        if (clock.instant().isBefore(usableUntil)) {
            entries.put(key, new Entry(Map.copyOf(output), usableUntil));
        }
    }

    /** When a token signed at {@code issuedAt} stops being handed out. */
    static Instant usableUntil(Instant issuedAt, Instant expiresAt, Duration ttl) {
        Duration lifetime = Duration.between(issuedAt, expiresAt);
        Duration margin = lifetime.dividedBy(10);
        if (margin.compareTo(MIN_MARGIN) < 0) {
            margin = MIN_MARGIN;
        }
        Instant byConfig = issuedAt.plus(ttl);
        Instant byToken = expiresAt.minus(margin);
        return byConfig.isBefore(byToken) ? byConfig : byToken;
    }

    private Duration untilEnd(Entry entry) {
        Duration left = Duration.between(clock.instant(), entry.usableUntil());
        return left.isNegative() ? Duration.ZERO : left;
    }
}
