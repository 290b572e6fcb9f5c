package io.github.conductorjwt.task;

import io.github.conductorjwt.core.HeldSigner;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys a runtime holds under names ({@link HeldSigner}s: PKCS#11 keys, a Google service
 * account), which a task picks with {@code keyName}: one signer per name, and every key it
 * publishes (a name's older versions too, which still verify). A name none of them has goes to the
 * adapter's {@link InputPreparer} (the worker's keys folder), which refuses names it does not hold
 * either.
 */
public final class HeldSigners {

    public static final HeldSigners NONE = new HeldSigners(Map.of(), List.of());

    static final String DUPLICATE_MSG = "two held keys are named '%s'; names must be unique";

    private final Map<String, HeldSigner> byName;
    private final List<HeldSigner> published;

    private HeldSigners(Map<String, HeldSigner> byName, List<HeldSigner> published) {
        this.byName = byName;
        this.published = published;
    }

    /**
     * @throws IllegalArgumentException when two signers share a name
     */
    public static HeldSigners of(Collection<HeldSigner> signers) {
        return of(signers, signers);
    }

    /**
     * @param signers one per name: the key that signs
     * @param published every key published, the signers among them
     * @throws IllegalArgumentException when two signers share a name
     */
    public static HeldSigners of(Collection<HeldSigner> signers, Collection<HeldSigner> published) {
        Map<String, HeldSigner> byName = new LinkedHashMap<>();
        for (HeldSigner signer : signers) {
            if (byName.putIfAbsent(signer.name(), signer) != null) {
                throw new IllegalArgumentException(DUPLICATE_MSG.formatted(signer.name()));
            }
        }
        return new HeldSigners(Map.copyOf(byName), List.copyOf(published));
    }

    /** The signer a task's {@code keyName} names, or {@code null}. */
    public HeldSigner find(Object keyName) {
        return keyName instanceof String name ? byName.get(name.strip()) : null;
    }

    public Set<String> names() {
        return byName.keySet();
    }

    public Collection<HeldSigner> all() {
        return byName.values();
    }

    /** Every key published: what a JWK Set lists and VERIFY_JWT's {@code keyName} verifies with. */
    public List<HeldSigner> published() {
        return published;
    }

    /**
     * Whether {@code keyName} names a signer that leaves the process (see {@link
     * HeldSigner#remote()}).
     */
    public boolean isRemote(Object keyName) {
        HeldSigner signer = find(keyName);
        return signer != null && signer.remote();
    }
}
