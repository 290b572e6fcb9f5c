package io.github.conductorjwt.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a form writes for an optional field its user left empty, read as "not given". conductor-oss
 * ui-next writes {@code ""} and {@code []} for every field of a new GET_SIGNED_JWT task; an empty
 * optional field must mean its default, not an error. Required fields are not touched: left empty
 * they are reported as such, by field.
 */
public final class BlankInputs {

    /** Optional text inputs: a blank string is absent. */
    private static final Set<String> TEXTS =
            Set.of(JwtInputNames.PRIVATE_KEY_ID, JwtInputNames.JTI);

    /**
     * Optional inputs whose empty value ({@code ""}, {@code []}, {@code {}}) is absent. {@code
     * notBefore} 0 is a valid value (valid from issue) and stays.
     */
    private static final Set<String> CONTAINERS =
            Set.of(
                    JwtInputNames.SCOPES,
                    JwtInputNames.NOT_BEFORE,
                    JwtInputNames.HEADERS,
                    JwtInputNames.ADDITIONAL_CLAIMS);

    private static final List<String> OPTIONALS =
            Stream.concat(TEXTS.stream(), CONTAINERS.stream()).toList();

    private BlankInputs() {}

    /** The input without its blank optional fields; the same map when it has none. */
    public static Map<String, ?> withoutBlankOptionals(Map<String, ?> input) {
        if (input == null) {
            return null;
        }
        Map<String, Object> kept = null;
        // Looks up the six optional fields rather than walking every input.
        for (String field : OPTIONALS) {
            if (isBlankOptional(field, input.get(field))) {
                if (kept == null) {
                    kept = new HashMap<>(input);
                }
                kept.remove(field);
            }
        }
        return kept == null ? input : kept;
    }

    private static boolean isBlankOptional(String field, Object value) {
        if (TEXTS.contains(field) || CONTAINERS.contains(field)) {
            if (value instanceof String text && text.isBlank()) {
                return true;
            }
        }
        if (CONTAINERS.contains(field)) {
            return (value instanceof List<?> list && list.isEmpty())
                    || (value instanceof Map<?, ?> map && map.isEmpty());
        }
        return false;
    }
}
