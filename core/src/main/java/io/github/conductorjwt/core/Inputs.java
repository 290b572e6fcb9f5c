package io.github.conductorjwt.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads typed values out of a loosely typed input map, collecting every broken rule instead of
 * stopping at the first, so the user can fix all of them at once. Every value is bounded (see
 * {@link InputLimits}) before work proportional to it is done. Rules never quote an input string: a
 * misplaced key or secret must not leak through an error message; only numbers within bounds are
 * echoed.
 */
final class Inputs {

    /**
     * {@code [\s,]++} spelled out (\s is these six without UNICODE_CHARACTER_CLASS): one bit set to
     * test, not a union of two classes, which profiled at a twentieth of an HS256 token.
     * Possessive: no backtracking, linear in the text.
     */
    static final Pattern LIST_SEPARATORS = Pattern.compile("[ \\t\\n\\x0B\\f\\r,]++");

    private final Map<String, ?> values;
    private final List<InvalidJwtInputException.Violation> violations = new ArrayList<>();

    Inputs(Map<String, ?> values) {
        this.values = values == null ? Map.of() : values;
    }

    boolean has(String field) {
        return values.get(field) != null;
    }

    /** The raw value, for inputs whose type is judged elsewhere. */
    Object value(String field) {
        return values.get(field);
    }

    void reject(String field, String rule) {
        violations.add(new InvalidJwtInputException.Violation(field, rule));
    }

    void rejectAll(InvalidJwtInputException e) {
        violations.addAll(e.violations());
    }

    boolean isValid() {
        return violations.isEmpty();
    }

    /** Throws every violation collected so far, if any. */
    void throwIfInvalid() {
        if (!violations.isEmpty()) {
            throw new InvalidJwtInputException(violations);
        }
    }

    /** A non-blank string, or {@code null} after recording why there is none. */
    String requiredText(String field, int maxChars) {
        if (!has(field)) {
            reject(field, "is required");
            return null;
        }
        return optionalText(field, maxChars);
    }

    String requiredText(String field) {
        return requiredText(field, InputLimits.MAX_TEXT_CHARS);
    }

    String optionalText(String field) {
        return optionalText(field, InputLimits.MAX_TEXT_CHARS);
    }

    /** {@code null} when absent; a non-blank, stripped string when present. */
    String optionalText(String field, int maxChars) {
        Object value = values.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            reject(field, "must be a string, was " + typeName(value));
            return null;
        }
        if (text.length() > maxChars) {
            reject(field, tooLong(maxChars, text.length()));
            return null;
        }
        if (text.isBlank()) {
            reject(field, "must not be empty");
            return null;
        }
        return text.strip();
    }

    /**
     * Distinct, non-blank strings from a list, or from one string: taken whole, or split on spaces
     * and commas when {@code splitString}. Absent gives an empty list; {@code null} after recording
     * why the value is unusable.
     */
    List<String> textList(String field, boolean splitString, int maxItems) {
        Object value = values.get(field);
        List<?> items;
        if (value == null) {
            return List.of();
        } else if (value instanceof String text) {
            if (text.length() > InputLimits.MAX_TEXT_CHARS * (splitString ? maxItems : 1)) {
                reject(field, tooLong(InputLimits.MAX_TEXT_CHARS, text.length()));
                return null;
            }
            if (text.isBlank()) {
                return List.of();
            }
            items = splitString ? separated(text.strip()) : List.of(text);
        } else if (value instanceof List<?> list) {
            items = list;
        } else {
            reject(field, "must be a string or a list of strings, was " + typeName(value));
            return null;
        }
        if (items.size() > maxItems) {
            reject(field, "must have at most " + maxItems + " items, had " + items.size());
            return null;
        }
        Set<String> result = new LinkedHashSet<>();
        for (Object item : items) {
            if (!(item instanceof String text) || text.isBlank()) {
                reject(field, "every item must be a non-empty string");
                return null;
            }
            if (text.length() > InputLimits.MAX_TEXT_CHARS) {
                reject(field, "every item " + tooLong(InputLimits.MAX_TEXT_CHARS, text.length()));
                return null;
            }
            result.add(text.strip());
        }
        return List.copyOf(result);
    }

    /**
     * The items of a separated list; one string with no separator is its only item, without a
     * regular expression: the common single scope.
     */
    private static List<String> separated(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isSeparator(text.charAt(i))) {
                return List.of(LIST_SEPARATORS.split(text));
            }
        }
        return List.of(text);
    }

    /** A character of {@link #LIST_SEPARATORS}. */
    private static boolean isSeparator(char c) {
        return c == ' ' || c == ',' || (c >= '\t' && c <= '\r');
    }

    // A whole-number rule names its unit and range, so "1h" tells the user what to write instead.
    static final String WHOLE_NUMBER_MSG = "must be a whole number of %s, was %s";
    static final String RANGE_MSG = "%s from %d to %d%s";
    static final String OUT_OF_RANGE_MSG = "must be between %d and %d%s";

    /**
     * A whole number of {@code unit} within {@code [min, max]} from an integer, an integral decimal
     * or a numeric string, or {@code null} after recording why there is none. A value is echoed
     * only when it fits a long; huge magnitudes are judged by their digit count, never written out.
     *
     * @param unit what the number counts, e.g. "seconds"
     * @param rangeNote words after the range in the rule, e.g. " (less than the TTL)"
     */
    Long wholeNumber(String field, String unit, long min, long max, String rangeNote) {
        // The rule is worded only when broken: formatting it for every valid number was a tenth of
        // reading a request.
        WholeNumber number =
                wholeNumber(field, () -> RANGE_MSG.formatted(unit, min, max, rangeNote));
        if (number == null) {
            return null;
        }
        if (!number.exact() || number.value() < min || number.value() > max) {
            reject(
                    field,
                    OUT_OF_RANGE_MSG.formatted(min, max, rangeNote)
                            + (number.exact() ? ", was " + number.value() : ""));
            return null;
        }
        return number.value();
    }

    /**
     * @param value the number, clamped to the long range when not {@code exact}
     */
    record WholeNumber(long value, boolean exact) {}

    /**
     * The whole number in the field, or {@code null} after recording why there is none.
     *
     * @param expected what the rule asks for after "a whole number of", e.g. "seconds from 1 to
     *     86400"
     */
    WholeNumber wholeNumber(String field, String expected) {
        return wholeNumber(field, () -> expected);
    }

    private WholeNumber wholeNumber(String field, Supplier<String> expected) {
        Object value = values.get(field);
        BigDecimal number;
        try {
            if (value instanceof Integer
                    || value instanceof Long
                    || value instanceof Short
                    || value instanceof Byte) {
                return new WholeNumber(((Number) value).longValue(), true);
            } else if (value instanceof Double || value instanceof Float) {
                double d = ((Number) value).doubleValue();
                if (!Double.isFinite(d)) {
                    reject(
                            field,
                            WHOLE_NUMBER_MSG.formatted(expected.get(), "not a finite number"));
                    return null;
                }
                number = BigDecimal.valueOf(d);
            } else if (value instanceof BigInteger big) {
                number = new BigDecimal(big);
            } else if (value instanceof BigDecimal big) {
                number = big;
            } else if (value instanceof String text) {
                if (text.length() > InputLimits.MAX_NUMBER_CHARS) {
                    reject(
                            field,
                            WHOLE_NUMBER_MSG.formatted(
                                    expected.get(),
                                    "a string of "
                                            + text.length()
                                            + " characters (at most "
                                            + InputLimits.MAX_NUMBER_CHARS
                                            + ")"));
                    return null;
                }
                number = new BigDecimal(text.strip());
            } else {
                reject(field, WHOLE_NUMBER_MSG.formatted(expected.get(), typeName(value)));
                return null;
            }
        } catch (NumberFormatException e) {
            reject(field, WHOLE_NUMBER_MSG.formatted(expected.get(), "a non-numeric string"));
            return null;
        }
        return toLong(field, number, expected);
    }

    /** Judges magnitude by digit counts first, so 1e2147483600 costs what 1e3 does. */
    private WholeNumber toLong(String field, BigDecimal number, Supplier<String> expected) {
        if (number.signum() == 0) {
            return new WholeNumber(0, true);
        }
        if (number.unscaledValue().bitLength() > 128) {
            reject(
                    field,
                    WHOLE_NUMBER_MSG.formatted(expected.get(), "a number of too many digits"));
            return null;
        }
        long integerDigits = (long) number.precision() - number.scale();
        if (integerDigits <= 0) {
            reject(field, WHOLE_NUMBER_MSG.formatted(expected.get(), "a fraction"));
            return null;
        }
        if (integerDigits > 19) {
            return new WholeNumber(number.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE, false);
        }
        try {
            return new WholeNumber(number.longValueExact(), true);
        } catch (ArithmeticException e) {
            if (number.stripTrailingZeros().scale() > 0) {
                reject(field, WHOLE_NUMBER_MSG.formatted(expected.get(), "a fraction"));
                return null;
            }
            return new WholeNumber(number.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE, false);
        }
    }

    /**
     * {@code null} when absent; the object with string keys when present and within the bounds of
     * {@link JsonValueBounds}; {@code null} after recording why not.
     */
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
        String broken = JsonValueBounds.check(map);
        if (broken != null) {
            reject(field, broken);
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

    private static String tooLong(int maxChars, int length) {
        return "must be at most " + maxChars + " characters, was " + length;
    }
}
