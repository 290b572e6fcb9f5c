package io.github.conductorjwt.core;

import java.time.Instant;
import java.util.Map;

/**
 * What verifying a token found: valid, with its header and claims, or the {@link VerifyErrorCode}
 * and a one-line reason that never quotes the token.
 *
 * @param error why the token is invalid; {@code null} when valid
 * @param reason the rule broken, in words; {@code null} when valid
 * @param header the token's header; only when valid
 * @param claims the token's claims; only when valid (claims of a token that did not verify are an
 *     attacker's to choose)
 * @param keyId the {@code kid} of the key that verified it, or {@code null}
 * @param algorithm the {@code alg} it was verified with; only when valid
 * @param expiresAt its {@code exp}, or {@code null}
 */
public record Verification(
        VerifyErrorCode error,
        String reason,
        Map<String, Object> header,
        Map<String, Object> claims,
        String keyId,
        SigningAlgorithm algorithm,
        Instant expiresAt) {

    static Verification invalid(VerifyErrorCode error, String reason) {
        return new Verification(error, reason, null, null, null, null, null);
    }

    public boolean valid() {
        return error == null;
    }

    @Override
    public String toString() {
        return valid() ? "Verification[valid, " + algorithm + "]" : "Verification[" + error + "]";
    }
}
