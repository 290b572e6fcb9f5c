package io.github.conductorjwt.worker;

import io.github.conductorjwt.core.HeldSigner;
import io.github.conductorjwt.core.PublishedKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
            List<PublishedKey> all = new ArrayList<>(keys);
            all.addAll(signers);
            document =
                    new Document(
                            keys,
                            signers,
                            PublishedKey.jwkSet(all).getBytes(StandardCharsets.UTF_8));
            last = document;
        }
        return new WorkerHttpServer.Response(
                200, "application/json", cacheControl, document.bytes());
    }
}
