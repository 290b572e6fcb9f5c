package io.github.conductorjwt.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * When each held key (a key file, a PKCS#11 key) is published in the JWKS and when it signs, so
 * that a verifier holding a JWKS it fetched a while ago knows every kid before a token carries it,
 * and keeps finding it while such a token lives:
 *
 * <ul>
 *   <li>a key that appears after start is published at once and signs only after {@code
 *       publishDelay} (longer than a JWKS cache lives); until then the key it replaces signs;
 *   <li>a key present at start counts as published since it was made (a file's modification time, a
 *       certificate's start of validity): a worker that restarts, or a replica that joins, during a
 *       rotation waits out the same delay as the replicas that saw the key arrive, and a key
 *       written long ago signs at once;
 *   <li>a name with no key past its delay (a fresh deployment, a new name, or its old keys all
 *       removed) signs at once with the key published first (the first in its holder's order among
 *       equals) rather than fail its tasks; the others follow when their delay ends;
 *   <li>a removed key stays published for {@code retireAfter} (the longest token it may have
 *       signed, plus clock leeway), then disappears. Only for the life of the process: a restart
 *       forgets removed keys.
 * </ul>
 *
 * One place for these rules, whatever holds the keys (the worker's keys folder, {@link
 * SignerSchedule} for a PKCS#11 token, on the worker and in the server). A kid names one key: a
 * reload that brings a different key under a known kid is refused, as verifiers would hold the old
 * one under that kid.
 */
public final class Rotation<K> {

    /**
     * What the schedule says at one instant: the keys that may sign, in the order given (the last
     * of a name signs), and the counts of keys waiting for their delay and of removed ones still
     * published.
     */
    public record State<K>(List<K> published, List<K> signing, int pending, int retiring) {}

    /** How often a key's holder is read again, by default (seconds). */
    public static final int DEFAULT_RELOAD_SECONDS = 10;

    /**
     * 15 minutes, by default: longer than the JWKS caches verifiers keep by default (Nimbus and
     * Spring Security 5 min, jwks-rsa and jose 10 min).
     */
    public static final int DEFAULT_PUBLISH_DELAY_SECONDS = 900;

    /** A verifier's usual clock leeway: a token is accepted this long after it expires. */
    public static final Duration CLOCK_LEEWAY = Duration.ofSeconds(60);

    private record Entry<K>(K key, Instant publishedSince, Instant removedAt) {}

    private final Function<K, String> nameOf;
    private final Function<K, String> kidOf;
    private final BiPredicate<K, K> sameKey;
    private final Comparator<K> byNameThenKid;

    private final Clock clock;
    private final Duration publishDelay;
    private final Duration retireAfter;

    /** By kid; present and retiring keys alike. */
    private final Map<String, Entry<K>> entries = new HashMap<>();

    /** The keys held now, in their holder's order (the last of a name is the newest). */
    private List<K> present = List.of();

    /**
     * @param nameOf a key's name (what a task's {@code keyName} says)
     * @param kidOf a key's kid
     * @param writtenOf when a key present at start was made ({@code null}: long ago)
     * @param sameKey whether two keys under one kid are the same key
     * @param atStart the keys held at start, in their holder's order
     */
    public Rotation(
            Clock clock,
            Duration publishDelay,
            Duration retireAfter,
            Function<K, String> nameOf,
            Function<K, String> kidOf,
            Function<K, Instant> writtenOf,
            BiPredicate<K, K> sameKey,
            List<K> atStart) {
        this.clock = clock;
        this.publishDelay = publishDelay;
        this.retireAfter = retireAfter;
        this.nameOf = nameOf;
        this.kidOf = kidOf;
        this.sameKey = sameKey;
        this.byNameThenKid = Comparator.comparing(nameOf).thenComparing(kidOf);
        Instant now = clock.instant();
        for (K key : atStart) {
            Instant written = writtenOf.apply(key);
            if (written == null) {
                written = Instant.EPOCH;
            }
            entries.put(
                    kidOf.apply(key),
                    new Entry<>(key, written.isBefore(now) ? written : now, null));
        }
        present = List.copyOf(atStart);
    }

    public Duration publishDelay() {
        return publishDelay;
    }

    /**
     * Takes the keys the directory holds now: new kids are published from now, missing ones retire
     * from now.
     *
     * @throws IllegalArgumentException when a known kid now names a different key; the schedule is
     *     left as it was
     */
    public synchronized void update(List<K> loaded) {
        Instant now = clock.instant();
        for (K key : loaded) {
            Entry<K> known = entries.get(kidOf.apply(key));
            if (known != null && !sameKey.test(known.key(), key)) {
                throw new IllegalArgumentException(
                        LogText.of(
                                "kid "
                                        + kidOf.apply(key)
                                        + " now names a different key than before; verifiers"
                                        + " hold the old one under that kid, so give the new key"
                                        + " a new kid"));
            }
        }
        Map<String, K> loadedByKid = new HashMap<>();
        loaded.forEach(key -> loadedByKid.put(kidOf.apply(key), key));
        for (Map.Entry<String, Entry<K>> e : List.copyOf(entries.entrySet())) {
            Entry<K> entry = e.getValue();
            K again = loadedByKid.get(e.getKey());
            if (again == null && entry.removedAt() == null) {
                entries.put(e.getKey(), new Entry<>(entry.key(), entry.publishedSince(), now));
            } else if (again != null && entry.removedAt() != null) {
                // Back before it left the JWKS: published all along, so its delay still counts.
                entries.put(e.getKey(), new Entry<>(again, entry.publishedSince(), null));
            }
        }
        for (K key : loaded) {
            entries.putIfAbsent(kidOf.apply(key), new Entry<>(key, now, null));
        }
        entries.values().removeIf(entry -> isGone(entry, now));
        present = List.copyOf(loaded);
    }

    /** The schedule now. */
    public synchronized State<K> now() {
        Instant now = clock.instant();
        List<K> published = new ArrayList<>();
        int retiring = 0;
        for (Entry<K> entry : entries.values()) {
            if (isGone(entry, now)) {
                continue;
            }
            published.add(entry.key());
            if (entry.removedAt() != null) {
                retiring++;
            }
        }
        // The same order on every replica that reads the same directory.
        published.sort(byNameThenKid);

        Map<String, List<K>> ready = new LinkedHashMap<>();
        Map<String, List<K>> waiting = new LinkedHashMap<>();
        for (K key : present) {
            boolean signs = !publishedSince(key).plus(publishDelay).isAfter(now);
            (signs ? ready : waiting)
                    .computeIfAbsent(nameOf.apply(key), n -> new ArrayList<>())
                    .add(key);
        }
        int pending = 0;
        for (Map.Entry<String, List<K>> name : waiting.entrySet()) {
            if (ready.containsKey(name.getKey())) {
                pending += name.getValue().size();
            } else {
                // Nothing past its delay: the key published first signs now, alone.
                K first = name.getValue().get(0);
                for (K key : name.getValue()) {
                    if (publishedSince(key).isBefore(publishedSince(first))) {
                        first = key;
                    }
                }
                ready.put(name.getKey(), List.of(first));
                pending += name.getValue().size() - 1;
            }
        }
        List<K> signing = new ArrayList<>();
        ready.values().forEach(signing::addAll);
        return new State<>(List.copyOf(published), List.copyOf(signing), pending, retiring);
    }

    private Instant publishedSince(K key) {
        return entries.get(kidOf.apply(key)).publishedSince();
    }

    private boolean isGone(Entry<K> entry, Instant now) {
        return entry.removedAt() != null && !now.isBefore(entry.removedAt().plus(retireAfter));
    }
}
