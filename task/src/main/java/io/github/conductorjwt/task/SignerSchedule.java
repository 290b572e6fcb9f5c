package io.github.conductorjwt.task;

import io.github.conductorjwt.core.HeldSigner;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When each key a token holds (a PKCS#11 key, by label) is published in the JWKS and when it signs:
 * the rules of {@link Rotation}, as for the keys folder. A key present at start counts as published
 * since its holder says it was made (a certificate's start of validity), or long ago when unknown.
 * Signers whose keys are published elsewhere (a Google account) are held all the time and sign at
 * once: they have no public key of ours to wait for.
 */
public final class SignerSchedule {

    /**
     * What the schedule says at one instant: every published signer, and one signer per name (which
     * carries the published ones too, see {@link HeldSigners#published()}).
     */
    public record View(List<HeldSigner> published, HeldSigners signing) {}

    private final Rotation<HeldSigner> rotation;
    private final List<HeldSigner> fixed;

    /**
     * @param rotating the token's keys at start, by name then label (the last of a name newest)
     * @param fixed the signers that do not rotate here
     */
    public SignerSchedule(
            Clock clock,
            Duration publishDelay,
            Duration retireAfter,
            List<HeldSigner> rotating,
            List<HeldSigner> fixed) {
        this.rotation =
                new Rotation<>(
                        clock,
                        publishDelay,
                        retireAfter,
                        HeldSigner::name,
                        HeldSigner::keyId,
                        HeldSigner::created,
                        // The kid is the public key's thumbprint: one kid, one key.
                        (known, loaded) -> true,
                        rotating);
        this.fixed = List.copyOf(fixed);
    }

    /** Takes the token's keys now: new kids are published from now, missing ones retire. */
    public void update(List<HeldSigner> rotating) {
        rotation.update(rotating);
    }

    /** The schedule now. */
    public View now() {
        Rotation.State<HeldSigner> state = rotation.now();
        Map<String, HeldSigner> signing = new LinkedHashMap<>();
        // The last of a name in the token's order (by label) is the newest.
        state.signing().forEach(signer -> signing.put(signer.name(), signer));
        fixed.forEach(signer -> signing.put(signer.name(), signer));
        List<HeldSigner> published =
                java.util.stream.Stream.concat(state.published().stream(), fixed.stream()).toList();
        return new View(published, HeldSigners.of(signing.values(), published));
    }
}
