package io.github.conductorjwt.core;

import java.time.Duration;
import java.util.List;

/**
 * A key the runtime holds under a name, which a task picks with {@code keyName} and never sees: a
 * key on a PKCS#11 token, a Google service account's key behind IAM {@code signJwt}, and the like.
 * The operator configures which names exist; a task can only pick one. The request it signs is
 * validated by {@link JwtRequestReader#read(java.util.Map, HeldSigner)} and carries no key.
 */
public interface HeldSigner extends PublishedKey {

    /**
     * The {@code kid} its tokens carry by default and its JWK publishes; {@code null} when the
     * signer writes its own header.
     */
    String keyId();

    /** The algorithms it signs with; the first when a task names none. */
    List<SigningAlgorithm> algorithms();

    /**
     * Whether signing leaves this process (a device, a network service), so a slow answer must not
     * hold up anything but its own task.
     */
    boolean remote();

    /**
     * The longest {@code exp - iat} it signs, on top of the task's own limit; {@code null} for no
     * limit of its own.
     */
    default Duration maxTtl() {
        return null;
    }

    /**
     * What {@code issuer} and {@code subject} default to when a task gives none (a service
     * account's e-mail); {@code null} when they are required.
     */
    default String identity() {
        return null;
    }

    /**
     * When the key was made, as far as its holder can tell (a PKCS#11 key's certificate's start of
     * validity), so a runtime that finds it at start knows how long it may have been published;
     * {@code null} when unknown.
     */
    default java.time.Instant created() {
        return null;
    }

    /**
     * Whether it writes the token's header itself, so {@code privateKeyId} and {@code headers}
     * cannot be honoured.
     */
    default boolean writesHeader() {
        return false;
    }

    /**
     * @throws HeldKeyUnavailableException when the key cannot sign now (a device or service fault):
     *     retrying may help
     * @throws InvalidJwtInputException when the signer refuses the request for good
     */
    SignedJwt sign(JwtRequest request);
}
