package io.github.conductorjwt.worker;

import io.github.conductorjwt.task.Rotation;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * When each key of the keys folder is published in the JWKS and when it signs: the rules of {@link
 * Rotation}, a key present at start counting as published since its file was written.
 */
final class KeySchedule {

    /** What the schedule says at one instant. */
    record View(List<HeldKey> published, HeldKeys signing, int pending, int retiring) {

        /** The keys that sign now: one per name. */
        List<HeldKey> signers() {
            return signing.names().stream().map(signing::active).toList();
        }
    }

    private final Rotation<HeldKey> rotation;

    KeySchedule(Clock clock, Duration publishDelay, Duration retireAfter, HeldKeys atStart) {
        this.rotation =
                new Rotation<>(
                        clock,
                        publishDelay,
                        retireAfter,
                        HeldKey::name,
                        HeldKey::keyId,
                        HeldKey::written,
                        (known, loaded) -> known.text().equals(loaded.text()),
                        atStart.all());
    }

    Duration publishDelay() {
        return rotation.publishDelay();
    }

    /**
     * Takes the keys the directory holds now: new kids are published from now, missing ones retire
     * from now.
     *
     * @throws IllegalArgumentException when a known kid now names a different key (give it a new
     *     file name); the schedule is left as it was
     */
    void update(HeldKeys loaded) {
        rotation.update(loaded.all());
    }

    /** The schedule now. */
    View now() {
        Rotation.State<HeldKey> state = rotation.now();
        return new View(
                state.published(), HeldKeys.of(state.signing()), state.pending(), state.retiring());
    }
}
