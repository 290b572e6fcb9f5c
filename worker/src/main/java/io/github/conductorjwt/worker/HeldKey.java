package io.github.conductorjwt.worker;

import io.github.conductorjwt.core.PublishedKey;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.task.LogText;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;

/**
 * A key the worker holds: its name (what a task's {@code keyName} says), its {@code kid}, the one
 * algorithm it signs with (see {@link HeldKeyAlgorithm}), the parsed key for the JWKS, the file
 * text the signing core parses again (cached by digest), when the file was written (see {@link
 * KeySchedule}), and its public half as published (derived once: the JWKS and VERIFY_JWT's {@code
 * keyName} both read it).
 */
record HeldKey(
        String name,
        String keyId,
        SigningAlgorithm algorithm,
        PrivateKey privateKey,
        String text,
        Instant written,
        PublicJwk<?> publicJwk)
        implements PublishedKey {

    static HeldKey of(
            String name,
            String keyId,
            SigningAlgorithm algorithm,
            PrivateKey privateKey,
            String text,
            Instant written) {
        // JJWT derives the public half from the private key (RSA CRT, EC, Edwards curves).
        PublicJwk<?> publicJwk =
                Jwks.builder()
                        .key(privateKey)
                        .id(keyId)
                        .publicKeyUse("sig")
                        .algorithm(algorithm.name())
                        .build()
                        .toPublicJwk();
        return new HeldKey(name, keyId, algorithm, privateKey, text, written, publicJwk);
    }

    @Override
    public List<PublicJwk<?>> publicJwks() {
        return List.of(publicJwk);
    }

    @Override
    public String toString() {
        return LogText.of("HeldKey[" + name + ", kid=" + keyId + ", " + algorithm + "]");
    }
}
