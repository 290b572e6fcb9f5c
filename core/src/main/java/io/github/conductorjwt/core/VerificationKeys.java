package io.github.conductorjwt.core;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The keys a token may be verified with: one key, or a JWK Set's. Picks the key for a token's
 * {@code kid} and {@code alg}.
 */
public final class VerificationKeys {

    private final List<VerificationKey> keys;

    VerificationKeys(List<VerificationKey> keys) {
        this.keys = List.copyOf(keys);
    }

    public List<VerificationKey> all() {
        return keys;
    }

    /** The algorithms at least one of the keys verifies. */
    public Set<SigningAlgorithm> algorithms() {
        Set<SigningAlgorithm> fitting = EnumSet.noneOf(SigningAlgorithm.class);
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            if (keys.stream().anyMatch(key -> key.fits(algorithm))) {
                fitting.add(algorithm);
            }
        }
        return fitting;
    }

    /** What {@link #find} found: the key, or why none. */
    record Match(VerificationKey key, VerifyErrorCode error) {}

    /**
     * The key for a token: by {@code kid} when the keys carry ids, else the one key that fits. A
     * lone key without an id verifies whatever {@code kid} the token names (a PEM key has none). A
     * kid whose key does not fit {@code algorithm} is {@code ALGORITHM_NOT_ALLOWED}, not a miss.
     */
    Match find(String kid, SigningAlgorithm algorithm) {
        List<VerificationKey> candidates = new ArrayList<>();
        if (keys.size() == 1 && keys.get(0).keyId() == null) {
            candidates.add(keys.get(0));
        } else if (kid != null) {
            keys.stream().filter(key -> kid.equals(key.keyId())).forEach(candidates::add);
        } else {
            keys.stream().filter(key -> key.fits(algorithm)).forEach(candidates::add);
            return candidates.size() == 1
                    ? new Match(candidates.get(0), null)
                    : new Match(null, VerifyErrorCode.KEY_NOT_FOUND);
        }
        if (candidates.isEmpty()) {
            return new Match(null, VerifyErrorCode.KEY_NOT_FOUND);
        }
        return candidates.stream()
                .filter(key -> key.fits(algorithm))
                .findFirst()
                .map(key -> new Match(key, null))
                .orElse(new Match(null, VerifyErrorCode.ALGORITHM_NOT_ALLOWED));
    }

    /** Whether some key carries this {@code kid}. */
    boolean hasKeyId(String kid) {
        return kid != null && keys.stream().anyMatch(key -> kid.equals(key.keyId()));
    }

    @Override
    public String toString() {
        return "VerificationKeys" + keys;
    }
}
