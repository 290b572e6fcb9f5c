package io.github.conductorjwt.worker;

import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.core.VerifyInputNames;
import io.github.conductorjwt.task.InputPreparer;
import io.jsonwebtoken.security.Jwks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Swaps a VERIFY_JWT task's {@code keyName} for a JWK Set of the public halves of the keys of that
 * name the worker publishes (retiring ones too, so their tokens verify until they are gone), with
 * their kids and algorithms: the task then verifies as with {@code publicKey}. Thin on purpose: the
 * held keys are read through a supplier.
 */
final class HeldVerificationKeys implements InputPreparer {

    static final String TWO_SOURCES_MSG =
            "give keyName alone, without publicKey, jwksUri or secretKey";

    private final Supplier<List<HeldKey>> published;

    HeldVerificationKeys(Supplier<List<HeldKey>> published) {
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
        List<HeldKey> all = published.get();
        List<HeldKey> named = all.stream().filter(key -> key.name().equals(name.strip())).toList();
        if (named.isEmpty()) {
            throw new InvalidJwtInputException(
                    VerifyInputNames.KEY_NAME,
                    "this worker publishes no key by that name (it publishes: "
                            + (all.isEmpty()
                                    ? "none"
                                    : all.stream()
                                            .map(HeldKey::name)
                                            .distinct()
                                            .sorted()
                                            .collect(Collectors.joining(", ")))
                            + ")");
        }
        Map<String, Object> prepared = new HashMap<>(input);
        prepared.remove(VerifyInputNames.KEY_NAME);
        prepared.put(VerifyInputNames.PUBLIC_KEY, jwkSet(named));
        return prepared;
    }

    private static String jwkSet(List<HeldKey> keys) {
        return keys.stream()
                .map(
                        key ->
                                Jwks.json(
                                        Jwks.builder()
                                                .key(key.privateKey())
                                                .id(key.keyId())
                                                .algorithm(key.algorithm().name())
                                                .build()
                                                .toPublicJwk()))
                .collect(Collectors.joining(",", "{\"keys\":[", "]}"));
    }
}
