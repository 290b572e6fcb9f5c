package io.github.conductorjwt.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When each held key is published in the JWKS and when it signs, so that a verifier holding a JWKS
 * it fetched a while ago knows every kid before a token carries it, and keeps finding it while such
 * a token lives:
 *
 * <ul>
 *   <li>a key that appears after start is published at once and signs only after {@code
 *       publishDelay} (longer than a JWKS cache lives); until then the key it replaces signs;
 *   <li>a key present at start counts as published since its file was written: a worker that
 *       restarts, or a replica that joins, during a rotation waits out the same delay as the
 *       replicas that saw the key arrive, and a key written long ago signs at once;
 *   <li>a name with no key past its delay (a fresh deployment, a new name, or its old keys all
 *       removed) signs at once with the key published first (the first in file order among equals)
 *       rather than fail its tasks; the others follow when their delay ends;
 *   <li>a removed key stays published for {@code retireAfter} (the longest token it may have
 *       signed, plus clock leeway), then disappears. Only for the life of the process: a restart
 *       forgets removed keys.
 * </ul>
 *
 * A kid names one key: a reload that brings a different key under a known kid is refused, as
 * verifiers would hold the old one under that kid.
 */
final class KeySchedule {

    /** What the schedule says at one instant. */
    record View(List<HeldKey> published, HeldKeys signing, int pending, int retiring) {

        /** The keys that sign now: one per name. */
        List<HeldKey> signers() {
            return signing.names().stream().map(signing::active).toList();
        }
    }

    private record Entry(HeldKey key, Instant publishedSince, Instant removedAt) {}

    private static final Comparator<HeldKey> BY_NAME_THEN_KID =
            Comparator.comparing(HeldKey::name).thenComparing(HeldKey::keyId);

    private final Clock clock;
    private final Duration publishDelay;
    private final Duration retireAfter;

    /** By kid; present and retiring keys alike. */
    private final Map<String, Entry> entries = new HashMap<>();

    /** The keys in the directory now, in file order (the last of a name is the newest). */
    private List<HeldKey> present = List.of();

    KeySchedule(Clock clock, Duration publishDelay, Duration retireAfter, HeldKeys atStart) {
        this.clock = clock;
        this.publishDelay = publishDelay;
        this.retireAfter = retireAfter;
        Instant now = clock.instant();
        for (HeldKey key : atStart.all()) {
            Instant written = key.written().isBefore(now) ? key.written() : now;
            entries.put(key.keyId(), new Entry(key, written, null));
        }
        present = atStart.all();
    }

    Duration publishDelay() {
        return publishDelay;
    }

    /**
     * Takes the keys the directory holds now: new kids are published from now, missing ones retire
     * from now.
     *
     * @throws IllegalArgumentException when a known kid now names a different key; the schedule is
     *     left as it was
     */
    synchronized void update(HeldKeys loaded) {
        Instant now = clock.instant();
        for (HeldKey key : loaded.all()) {
            Entry known = entries.get(key.keyId());
            if (known != null && !known.key().text().equals(key.text())) {
                throw new IllegalArgumentException(
                        LogText.of(
                                "kid "
                                        + key.keyId()
                                        + " now names a different key than before; verifiers"
                                        + " hold the old one under that kid, so give the new key"
                                        + " a new kid (file name)"));
            }
        }
        Map<String, HeldKey> loadedByKid = new HashMap<>();
        loaded.all().forEach(key -> loadedByKid.put(key.keyId(), key));
        for (Map.Entry<String, Entry> e : List.copyOf(entries.entrySet())) {
            Entry entry = e.getValue();
            HeldKey again = loadedByKid.get(e.getKey());
            if (again == null && entry.removedAt() == null) {
                entries.put(e.getKey(), new Entry(entry.key(), entry.publishedSince(), now));
            } else if (again != null && entry.removedAt() != null) {
                // Back before it left the JWKS: published all along, so its delay still counts.
                entries.put(e.getKey(), new Entry(again, entry.publishedSince(), null));
            }
        }
        for (HeldKey key : loaded.all()) {
            entries.putIfAbsent(key.keyId(), new Entry(key, now, null));
        }
        entries.values().removeIf(entry -> isGone(entry, now));
        present = loaded.all();
    }

    /** The schedule now. */
    synchronized View now() {
        Instant now = clock.instant();
        List<HeldKey> published = new ArrayList<>();
        int retiring = 0;
        for (Entry entry : entries.values()) {
            if (isGone(entry, now)) {
                continue;
            }
            published.add(entry.key());
            if (entry.removedAt() != null) {
                retiring++;
            }
        }
        // The same order on every replica that reads the same directory.
        published.sort(BY_NAME_THEN_KID);

        Map<String, List<HeldKey>> ready = new LinkedHashMap<>();
        Map<String, List<HeldKey>> waiting = new LinkedHashMap<>();
        for (HeldKey key : present) {
            boolean signs = !publishedSince(key).plus(publishDelay).isAfter(now);
            (signs ? ready : waiting).computeIfAbsent(key.name(), n -> new ArrayList<>()).add(key);
        }
        int pending = 0;
        for (Map.Entry<String, List<HeldKey>> name : waiting.entrySet()) {
            if (ready.containsKey(name.getKey())) {
                pending += name.getValue().size();
            } else {
                // Nothing past its delay: the key published first signs now, alone.
                HeldKey first = name.getValue().get(0);
                for (HeldKey key : name.getValue()) {
                    if (publishedSince(key).isBefore(publishedSince(first))) {
                        first = key;
                    }
                }
                ready.put(name.getKey(), List.of(first));
                pending += name.getValue().size() - 1;
            }
        }
        List<HeldKey> signing = new ArrayList<>();
        ready.values().forEach(signing::addAll);
        return new View(List.copyOf(published), HeldKeys.of(signing), pending, retiring);
    }

    private Instant publishedSince(HeldKey key) {
        return entries.get(key.keyId()).publishedSince();
    }

    private boolean isGone(Entry entry, Instant now) {
        return entry.removedAt() != null && !now.isBefore(entry.removedAt().plus(retireAfter));
    }
}
