package io.github.conductorjwt.core;

/**
 * Where a request's verification keys come from: given in the input (fixed), or fetched from a
 * {@code jwksUri} (see {@link JwksSource}), which may fetch again for a {@code kid} it does not
 * know.
 */
public interface KeySet {

    /**
     * The keys to look for {@code kid} among.
     *
     * @param kid the token's {@code kid}, or {@code null}
     * @throws JwksUnavailableException when a JWK Set had to be fetched and could not be
     */
    VerificationKeys keysFor(String kid);

    /** Keys given in the input: the same whatever the kid. */
    static KeySet fixed(VerificationKeys keys) {
        return kid -> keys;
    }
}
