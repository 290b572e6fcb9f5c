package io.github.conductorjwt.worker;

import io.github.conductorjwt.core.HeldSigner;
import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.core.VerifyInputNames;
import io.github.conductorjwt.task.HeldSigners;
import io.github.conductorjwt.task.InputPreparer;
import io.jsonwebtoken.security.Jwks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Swaps a VERIFY_JWT task's {@code keyName} for a JWK Set of the public halves of the keys of that
 * name the worker publishes (retiring ones too, so their tokens verify until they are gone), with
 * their kids and algorithms: the task then verifies as with {@code publicKey}. A name is a keys
 * folder's (read through a supplier, as it rotates) or a held signer's (a PKCS#11 key); a signer
 * whose keys its provider publishes (Google) is verified with {@code jwksUri} instead.
 */
final class HeldVerificationKeys implements InputPreparer {

    static final String TWO_SOURCES_MSG =
            "give keyName alone, without publicKey, jwksUri or secretKey";
    static final String UNKNOWN_MSG =
            "this worker publishes no key by that name (it publishes: %s)";
    static final String PUBLISHED_ELSEWHERE_MSG =
            "its public keys are published by its provider, not by this worker: verify with"
                    + " jwksUri";

    private final Supplier<List<HeldKey>> published;
    private final Supplier<List<HeldSigner>> signers;

    HeldVerificationKeys(Supplier<List<HeldKey>> published) {
        this(published, HeldSigners.NONE);
    }

    HeldVerificationKeys(Supplier<List<HeldKey>> published, HeldSigners signers) {
        this(published, () -> List.copyOf(signers.all()));
    }

    /**
     * @param signers the published held signers (a rotating name's keys all verify until retired)
     */
    HeldVerificationKeys(Supplier<List<HeldKey>> published, Supplier<List<HeldSigner>> signers) {
        this.published = published;
        this.signers = signers;
    }

    @Override
    public Map<String, ?> prepare(Map<String, ?> input) {
        Object keyName = input.get(VerifyInputNames.KEY_NAME);
        if (keyName == null || keyName instanceof String blank && blank.isBlank()) {
            return input;
        }
        for (String other : VerifyInputNames.KEY_SOURCES) {
            Object value = input.get(other);
            if (!other.equals(VerifyInputNames.KEY_NAME)
                    && value != null
                    && !(value instanceof String text && text.isBlank())) {
                throw new InvalidJwtInputException(VerifyInputNames.KEY_NAME, TWO_SOURCES_MSG);
            }
        }
        if (!(keyName instanceof String name)) {
            throw new InvalidJwtInputException(VerifyInputNames.KEY_NAME, "must be a string");
        }
        List<HeldKey> all = published.get();
        List<String> jwks = new ArrayList<>();
        all.stream()
                .filter(key -> key.name().equals(name.strip()))
                .forEach(key -> jwks.add(Jwks.json(key.publicJwk())));
        List<HeldSigner> held = signers.get();
        for (HeldSigner signer : held) {
            if (!signer.name().equals(name.strip())) {
                continue;
            }
            if (signer.publicJwks().isEmpty()) {
                throw new InvalidJwtInputException(
                        VerifyInputNames.KEY_NAME, PUBLISHED_ELSEWHERE_MSG);
            }
            signer.publicJwks().forEach(jwk -> jwks.add(Jwks.json(jwk)));
        }
        if (jwks.isEmpty()) {
            TreeSet<String> names =
                    Stream.concat(
                                    all.stream().map(HeldKey::name),
                                    held.stream().map(HeldSigner::name))
                            .collect(Collectors.toCollection(TreeSet::new));
            throw new InvalidJwtInputException(
                    VerifyInputNames.KEY_NAME,
                    UNKNOWN_MSG.formatted(names.isEmpty() ? "none" : String.join(", ", names)));
        }
        Map<String, Object> prepared = new HashMap<>(input);
        prepared.remove(VerifyInputNames.KEY_NAME);
        prepared.put(
                VerifyInputNames.PUBLIC_KEY,
                String.join(",", jwks).transform(HeldVerificationKeys::set));
        return prepared;
    }

    private static String set(String keys) {
        return "{\"keys\":[" + keys + "]}";
    }
}
