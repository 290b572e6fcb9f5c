package io.github.conductorjwt.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON object given as input ({@code additionalClaims}, {@code headers}) against {@link
 * InputLimits} in one pass that stops at the first excess, so its cost is bounded by the limits,
 * not by the input. The rule it returns never quotes the value.
 */
final class JsonValueBounds {

    /** Largest decimal exponent kept: what a double can hold, so every verifier can read it. */
    private static final int MAX_EXPONENT = 308;

    static final String PADDED_NAME_MSG = "no name may start or end with white space";

    private int values;

    private JsonValueBounds() {}

    /**
     * @return the broken rule in words, or {@code null} when the object is within bounds
     */
    static String check(Map<?, ?> object) {
        return new JsonValueBounds().object(object, 1);
    }

    private String object(Map<?, ?> map, int depth) {
        for (Map.Entry<?, ?> member : map.entrySet()) {
            if (!(member.getKey() instanceof String name) || name.isEmpty()) {
                return "every name must be a non-empty string";
            }
            if (name.length() > InputLimits.MAX_NAME_CHARS) {
                return "every name must be at most " + InputLimits.MAX_NAME_CHARS + " characters";
            }
            if (depth == 1 && isPadded(name)) {
                // JJWT trims claim and header names: the token would carry another name.
                return PADDED_NAME_MSG;
            }
            String broken = value(member.getValue(), depth);
            if (broken != null) {
                return broken;
            }
        }
        return null;
    }

    private String value(Object value, int depth) {
        if (++values > InputLimits.MAX_JSON_VALUES) {
            return "must hold at most " + InputLimits.MAX_JSON_VALUES + " values in all";
        }
        if (value == null || value instanceof Boolean) {
            return null;
        } else if (value instanceof String text) {
            return text.length() <= InputLimits.MAX_NESTED_TEXT_CHARS
                    ? null
                    : "every string must be at most "
                            + InputLimits.MAX_NESTED_TEXT_CHARS
                            + " characters";
        } else if (value instanceof Number number) {
            return isPlainNumber(number)
                    ? null
                    : "every number must be finite, with at most "
                            + MAX_EXPONENT
                            + " as its decimal exponent, and a whole number within 64 bits";
        } else if (value instanceof Map<?, ?> || value instanceof List<?>) {
            if (depth >= InputLimits.MAX_JSON_DEPTH) {
                return "must not nest objects or lists more than "
                        + InputLimits.MAX_JSON_DEPTH
                        + " levels deep";
            }
            return value instanceof Map<?, ?> map
                    ? object(map, depth + 1)
                    : list((List<?>) value, depth + 1);
        }
        return "every value must be JSON (string, number, boolean, null, object or list)";
    }

    private String list(List<?> list, int depth) {
        for (Object item : list) {
            String broken = value(item, depth);
            if (broken != null) {
                return broken;
            }
        }
        return null;
    }

    private static boolean isPadded(String name) {
        return Character.isWhitespace(name.charAt(0))
                || Character.isWhitespace(name.charAt(name.length() - 1));
    }

    private static boolean isPlainNumber(Number number) {
        if (number instanceof Integer
                || number instanceof Long
                || number instanceof Short
                || number instanceof Byte) {
            return true;
        } else if (number instanceof Double || number instanceof Float) {
            return Double.isFinite(number.doubleValue());
        } else if (number instanceof BigInteger big) {
            // Written as plain digits; verifiers built on Gson (Nimbus) fail on some past 64 bits.
            return big.bitLength() <= 63;
        } else if (number instanceof BigDecimal big) {
            if (big.scale() == 0) {
                return big.unscaledValue().bitLength() <= 63; // plain digits too
            }
            return big.unscaledValue().bitLength() <= 1024
                    && Math.abs((long) big.precision() - big.scale()) <= MAX_EXPONENT;
        }
        return false;
    }
}
