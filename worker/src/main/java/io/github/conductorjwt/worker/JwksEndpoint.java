package io.github.conductorjwt.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.conductorjwt.core.HeldSigner;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Publishes the public halves of the published keys at {@code GET /.well-known/jwks.json} (RFC 7517
 * JWK Set with {@code kid}, {@code alg}, {@code use: sig}), as Google publishes service-account
 * keys, so a verifier can fetch them. {@code Cache-Control: max-age} stays below the
 * pre-publication delay, so a cache that honours it holds a new key before the key signs.
 */
final class JwksEndpoint implements WorkerHttpServer.Resource {

    static final String PATH = "/.well-known/jwks.json";

    /** The longest max-age: a removed or replaced key leaves verifiers' caches within it. */
    static final Duration MAX_AGE_CAP = Duration.ofMinutes(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<List<HeldKey>> published;
    private final Supplier<List<HeldSigner>> heldSigners;
    private final String cacheControl;

    /** The last document built, for the keys it was built from: rebuilt when they change. */
    private volatile Document last = new Document(null, null, null);

    private record Document(List<HeldKey> keys, List<HeldSigner> signers, byte[] bytes) {}

    JwksEndpoint(Supplier<List<HeldKey>> published, Duration publishDelay) {
        this(published, List::of, publishDelay);
    }

    /**
     * @param heldSigners the published held signers (PKCS#11 keys, rotating too), whose public keys
     *     are published beside the folder's
     */
    JwksEndpoint(
            Supplier<List<HeldKey>> published,
            Supplier<List<HeldSigner>> heldSigners,
            Duration publishDelay) {
        this.published = published;
        this.heldSigners = heldSigners;
        this.cacheControl = "public, max-age=" + maxAge(publishDelay).toSeconds();
    }

    /** A third of the delay (so a verifier refetches more than once before a new key signs). */
    static Duration maxAge(Duration publishDelay) {
        Duration third = publishDelay.dividedBy(3);
        return third.compareTo(MAX_AGE_CAP) > 0 ? MAX_AGE_CAP : third;
    }

    @Override
    public WorkerHttpServer.Response get() {
        List<HeldKey> keys = published.get();
        List<HeldSigner> signers = heldSigners.get();
        Document document = last;
        if (!keys.equals(document.keys()) || !signers.equals(document.signers())) {
            List<PublicJwk<?>> heldJwks =
                    signers.stream().flatMap(signer -> signer.publicJwks().stream()).toList();
            document = new Document(keys, signers, jwkSet(keys, heldJwks));
            last = document;
        }
        return new WorkerHttpServer.Response(
                200, "application/json", cacheControl, document.bytes());
    }

    private static byte[] jwkSet(List<HeldKey> keys, List<PublicJwk<?>> heldJwks) {
        try {
            List<Object> jwks = new ArrayList<>();
            for (HeldKey key : keys) {
                jwks.add(JSON.readTree(Jwks.json(key.publicJwk())));
            }
            for (PublicJwk<?> jwk : heldJwks) {
                jwks.add(JSON.readTree(Jwks.json(jwk)));
            }
            return JSON.writeValueAsBytes(Map.of("keys", jwks));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JWK Set", e);
        }
    }
}
