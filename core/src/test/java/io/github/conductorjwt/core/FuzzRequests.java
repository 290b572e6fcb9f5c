package io.github.conductorjwt.core;

import static io.github.conductorjwt.core.JwtInputNames.ALGORITHM;
import static io.github.conductorjwt.core.JwtInputNames.KEY_NAME;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Task inputs for the request reader's fuzz target, read from a {@link FuzzTape}: the reader's real
 * input names (and any other), each with a value of any JSON type as Jackson would hand it over,
 * key text of every shape ({@link FuzzKeys}), numbers as strings, and nested or deeply nested
 * objects and lists with registered claim and header names inside.
 */
final class FuzzRequests {

    /** What the reader reads: every input but the worker's keyName, which it never sees. */
    static final List<String> INPUTS =
            JwtInputNames.ALL.stream().filter(name -> !name.equals(KEY_NAME)).toList();

    /** Names inside additionalClaims and headers: registered claims and JOSE headers, and "". */
    static final List<String> MEMBER_NAMES =
            List.of(
                    "iss",
                    "sub",
                    "aud",
                    "exp",
                    "nbf",
                    "iat",
                    "jti",
                    "scope",
                    "alg",
                    "kid",
                    "typ",
                    "cty",
                    "crit",
                    "b64",
                    "zip",
                    "enc",
                    "jwk",
                    "jku",
                    "x5c",
                    "x5t",
                    "x5t#S256",
                    "x5u",
                    "epk",
                    "p2c",
                    "p2s",
                    "apu",
                    "apv",
                    "iv",
                    "tag",
                    "",
                    "role");

    /** Numbers as strings that have broken number parsers. */
    static final List<String> NUMBER_TEXTS =
            List.of(
                    "60",
                    " 60 ",
                    "6e1",
                    "60.0",
                    "60.5",
                    "-0",
                    "0x3c",
                    "NaN",
                    "Infinity",
                    "1_0",
                    "9223372036854775808",
                    "1e19",
                    "\u0666\u0660",
                    "1e2147483600",
                    "-1e2147483600",
                    "1e-2147483600",
                    "1e2147483648",
                    "0e2147483647");

    /** Containers nest at most this deep, except {@link Kind#DEEP}. */
    private static final int MAX_DEPTH = 3;

    enum Kind {
        KEY,
        PASSWORD,
        ALGORITHM,
        NULL,
        BOOLEAN,
        SMALL_INT,
        INT,
        LONG,
        DOUBLE,
        BIG_INTEGER,
        BIG_DECIMAL,
        NUMBER_TEXT,
        TEXT,
        LONG_TEXT,
        LIST,
        MAP,
        DEEP
    }

    private FuzzRequests() {}

    /** Up to 23 inputs, real names or any. */
    static Map<String, Object> request(FuzzTape tape) {
        Map<String, Object> input = new LinkedHashMap<>();
        int fields = tape.pick(24);
        for (int i = 0; i < fields; i++) {
            int index = tape.pick(INPUTS.size() + 1);
            String name = index < INPUTS.size() ? INPUTS.get(index) : tape.text(32);
            input.put(name, value(tape, 0));
        }
        return input;
    }

    static Object value(FuzzTape tape, int depth) {
        return switch (tape.pick(Kind.values())) {
            case KEY -> FuzzKeys.keyText(tape);
            case PASSWORD -> FuzzKeys.PASSWORD;
            case ALGORITHM -> algorithmName(tape);
            case NULL -> null;
            case BOOLEAN -> tape.flag();
            case SMALL_INT -> tape.number(65536);
            case INT -> tape.int32();
            case LONG -> tape.int64();
            case DOUBLE -> Double.longBitsToDouble(tape.int64());
            case BIG_INTEGER -> bigInteger(tape);
            case BIG_DECIMAL -> new BigDecimal(bigInteger(tape), tape.int32());
            case NUMBER_TEXT -> numberText(tape);
            case TEXT -> tape.text(256);
            case LONG_TEXT -> FuzzKeys.repeated(tape);
            case LIST -> depth >= MAX_DEPTH ? tape.text(16) : list(tape, depth + 1);
            case MAP -> depth >= MAX_DEPTH ? tape.text(16) : map(tape, depth + 1);
            case DEEP -> deep(tape);
        };
    }

    /** A supported name as given, lower-cased or padded, a spelling of none, or with a tail. */
    private static String algorithmName(FuzzTape tape) {
        String name = tape.pick(SigningAlgorithm.values()).name();
        return switch (tape.pick(6)) {
            case 0 -> name;
            case 1 -> name.toLowerCase(Locale.ROOT);
            case 2 -> " " + name + "\t";
            case 3 -> "none";
            case 4 -> "None";
            default -> name + tape.text(32);
        };
    }

    private static BigInteger bigInteger(FuzzTape tape) {
        byte[] bytes = tape.bytes(64);
        return bytes.length == 0 ? BigInteger.ZERO : new BigInteger(bytes);
    }

    /** A listed spelling, or sign, digits, fraction and a 64-bit exponent from the tape. */
    private static String numberText(FuzzTape tape) {
        int index = tape.pick(NUMBER_TEXTS.size() + 1);
        if (index < NUMBER_TEXTS.size()) {
            return NUMBER_TEXTS.get(index);
        }
        String sign = tape.pick(new String[] {"", "-", "+"});
        String digits = digits(tape.bytes(40));
        String fraction = tape.flag() ? "." + digits(tape.bytes(40)) : "";
        String exponent = tape.flag() ? "e" + tape.int64() : "";
        return sign + (digits.isEmpty() ? "1" : digits) + fraction + exponent;
    }

    private static String digits(byte[] bytes) {
        StringBuilder digits = new StringBuilder();
        for (byte b : bytes) {
            digits.append((char) ('0' + (b & 0xff) % 10));
        }
        return digits.toString();
    }

    private static List<Object> list(FuzzTape tape, int depth) {
        int size = tape.pick(9);
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            list.add(value(tape, depth));
        }
        return list;
    }

    private static Map<String, Object> map(FuzzTape tape, int depth) {
        int size = tape.pick(9);
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            int index = tape.pick(MEMBER_NAMES.size() + 1);
            String name = index < MEMBER_NAMES.size() ? MEMBER_NAMES.get(index) : tape.text(32);
            map.put(name, value(tape, depth));
        }
        return map;
    }

    /** Up to 65535 objects or lists inside each other around one string. */
    private static Object deep(FuzzTape tape) {
        int depth = tape.number(65536);
        boolean objects = tape.flag();
        Object value = tape.text(16);
        for (int i = 0; i < depth; i++) {
            value = objects ? Map.of("a", value) : List.of(value);
        }
        return value;
    }
}
