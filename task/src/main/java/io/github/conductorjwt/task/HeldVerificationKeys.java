package io.github.conductorjwt.task;

import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.core.PublishedKey;
import io.github.conductorjwt.core.VerifyInputNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Swaps a VERIFY_JWT task's {@code keyName} for a JWK Set of the public halves of the keys of that
 * name the runtime publishes (every version it publishes, retiring ones too, so their tokens verify
 * until they are gone), with their kids and algorithms: the task then verifies as with {@code
 * publicKey}. Only public halves held in memory are read, never the device or service that signs. A
 * name whose keys its provider publishes (a Google account) is verified with {@code jwksUri}
 * instead.
 */
public final class HeldVerificationKeys implements InputPreparer {

    public static final String TWO_SOURCES_MSG =
            "give keyName alone, without publicKey, jwksUri or secretKey";
    public static final String UNKNOWN_MSG =
            "this %s publishes no key by that name (it publishes: %s)";
    public static final String PUBLISHED_ELSEWHERE_MSG =
            "its public keys are published by its provider, not by this %s: verify with jwksUri";

    private final String runtime;
    private final Supplier<? extends List<? extends PublishedKey>> published;

    /**
     * @param runtime what the messages call the holder: {@code worker}, {@code server}
     * @param published the keys published now, read per task (a keys folder rotates)
     */
    public HeldVerificationKeys(
            String runtime, Supplier<? extends List<? extends PublishedKey>> published) {
        this.runtime = runtime;
        this.published = published;
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
        List<? extends PublishedKey> all = published.get();
        List<? extends PublishedKey> named =
                all.stream().filter(key -> key.name().equals(name.strip())).toList();
        if (named.isEmpty()) {
            TreeSet<String> names =
                    all.stream()
                            .map(PublishedKey::name)
                            .collect(Collectors.toCollection(TreeSet::new));
            throw new InvalidJwtInputException(
                    VerifyInputNames.KEY_NAME,
                    UNKNOWN_MSG.formatted(
                            runtime, names.isEmpty() ? "none" : String.join(", ", names)));
        }
        if (named.stream().anyMatch(key -> key.publicJwks().isEmpty())) {
            throw new InvalidJwtInputException(
                    VerifyInputNames.KEY_NAME, PUBLISHED_ELSEWHERE_MSG.formatted(runtime));
        }
        Map<String, Object> prepared = new HashMap<>(input);
        prepared.remove(VerifyInputNames.KEY_NAME);
        prepared.put(VerifyInputNames.PUBLIC_KEY, PublishedKey.jwkSet(named));
        return prepared;
    }
}
