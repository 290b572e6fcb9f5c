package io.github.conductorjwt.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads typed values out of a loosely typed input map, collecting every broken rule instead of
 * stopping at the first, so the user can fix all of them at once. Values are never echoed except
 * numbers and short algorithm names: a misplaced key must not leak through an error message.
 */
final class Inputs {

    private static final Pattern LIST_SEPARATORS = Pattern.compile("[\\s,]+");
    private static final int MAX_ECHO = 24;

    private final Map<String, ?> values;
    private final List<InvalidJwtInputException.Violation> violations = new ArrayList<>();

    Inputs(Map<String, ?> values) {
        this.values = values == null ? Map.of() : values;
    }

    boolean has(String field) {
        return values.get(field) != null;
    }

    void reject(String field, String rule) {
        violations.add(new InvalidJwtInputException.Violation(field, rule));
    }

    /** Throws every violation collected so far, if any. */
    void throwIfInvalid() {
        if (!violations.isEmpty()) {
            throw new InvalidJwtInputException(violations);
        }
    }

    /** A non-blank string, or {@code null} after recording why there is none. */
    String requiredText(String field) {
        if (!has(field)) {
            reject(field, "is required");
            return null;
        }
        return optionalText(field);
    }

    /** {@code null} when absent; a non-blank, stripped string when present. */
    String optionalText(String field) {
        Object value = values.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            reject(field, "must be a string, was " + typeName(value));
            return null;
        }
        if (text.isBlank()) {
            reject(field, "must not be empty");
            return null;
        }
        return text.strip();
    }

    /**
     * A list of distinct, non-blank strings from either a list or one string separated by spaces or
     * commas. Absent or empty gives an empty list.
     */
    List<String> textList(String field) {
        Object value = values.get(field);
        List<?> items;
        if (value == null) {
            return List.of();
        } else if (value instanceof String text) {
            items = text.isBlank() ? List.of() : List.of(LIST_SEPARATORS.split(text.strip()));
        } else if (value instanceof List<?> list) {
            items = list;
        } else {
            reject(field, "must be a string or a list of strings, was " + typeName(value));
            return List.of();
        }
        Set<String> result = new LinkedHashSet<>();
        for (Object item : items) {
            if (!(item instanceof String text) || text.isBlank()) {
                reject(field, "every item must be a non-empty string");
                return List.of();
            }
            result.add(text.strip());
        }
        return List.copyOf(result);
    }

    /**
     * A whole number from an integer, an integral decimal or a numeric string, or {@code null}
     * after recording why there is none.
     */
    Long wholeNumber(String field) {
        Object value = values.get(field);
        BigDecimal number;
        try {
            if (value instanceof Number n) {
                number = new BigDecimal(n.toString());
            } else if (value instanceof String text) {
                number = new BigDecimal(text.strip());
            } else {
                reject(field, "must be a whole number, was " + typeName(value));
                return null;
            }
        } catch (NumberFormatException e) {
            reject(field, "must be a whole number, was a non-numeric string");
            return null;
        }
        try {
            return number.longValueExact();
        } catch (ArithmeticException e) {
            reject(field, "must be a whole number, was " + abbreviate(number.toPlainString()));
            return null;
        }
    }

    /** {@code null} when absent; the object with string keys when present. */
    @SuppressWarnings("unchecked")
    Map<String, Object> optionalObject(String field) {
        Object value = values.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            reject(field, "must be an object, was " + typeName(value));
            return null;
        }
        return (Map<String, Object>) map;
    }

    static String typeName(Object value) {
        if (value instanceof String) {
            return "a string";
        } else if (value instanceof Number) {
            return "a number";
        } else if (value instanceof Boolean) {
            return "a boolean";
        } else if (value instanceof List<?>) {
            return "a list";
        } else if (value instanceof Map<?, ?>) {
            return "an object";
        }
        return "a " + value.getClass().getSimpleName();
    }

    static String abbreviate(String text) {
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "…";
    }
}
