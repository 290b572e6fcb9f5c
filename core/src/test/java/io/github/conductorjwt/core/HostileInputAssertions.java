package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.nimbusds.jwt.SignedJWT;
import io.github.conductorjwt.core.HostileInput.Accepted;
import io.github.conductorjwt.core.HostileInput.Refused;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every run of a {@link HostileInput} is held to, wherever it runs (the task contract, the
 * worker, a real server): the expected status and violation fields, an empty output on refusal, a
 * verified token on success, and a reason that quotes nothing of the input.
 */
public final class HostileInputAssertions {

    public static final String COMPLETED = "COMPLETED";
    public static final String TERMINAL = "FAILED_WITH_TERMINAL_ERROR";

    /** A reason quoting this many characters of a secret leaks it. */
    static final int SECRET_WINDOW = 16;

    /** A reason quoting this many characters of any other input string echoes it. */
    static final int ECHO_WINDOW = 12;

    /** Strings this short may coincide with rule text; longer ones may not appear at all. */
    static final int SHORTEST_ECHO = 9;

    /** "field: rule; field: rule", where a field is one of the inputs. */
    private static final Pattern FIELD =
            Pattern.compile("(?:^|; )(" + String.join("|", HostileInputs.FIELDS) + "): ");

    private static final Pattern ARMOUR = Pattern.compile("-----[A-Z0-9 ]*-----");

    /** Longer than any long: a number this long was out of bounds and is not to be quoted. */
    private static final Pattern HUGE_NUMBER = Pattern.compile("\\d{20,}");

    private HostileInputAssertions() {}

    /**
     * @param status the task's status name
     * @param reason the task's reason for incompletion, or {@code null}
     * @param output the task's output
     */
    public static void assertOutcome(
            HostileInput hostile, String status, String reason, Map<String, ?> output) {
        String shown = shown(reason);
        if (reason != null) {
            assertNothingEchoed(hostile, reason);
        }
        switch (hostile.expected()) {
            case Refused refused -> {
                assertThat(status).as("status; reason: %s", shown).isEqualTo(TERMINAL);
                assertThat(violationFields(reason))
                        .as("violation fields of: %s", shown)
                        .containsExactlyInAnyOrderElementsOf(refused.fields());
                assertThat(output).as("output of a refusal").isEmpty();
            }
            case Accepted accepted -> {
                assertThat(status).as("status; reason: %s", shown).isEqualTo(COMPLETED);
                Object token = output.get("token");
                assertThat(token).as("token").isInstanceOf(String.class);
                SignedJWT jwt =
                        IndependentVerifier.verify(
                                (String) token, accepted.verificationKey().get());
                try {
                    accepted.check().check(jwt);
                } catch (AssertionError e) {
                    throw e;
                } catch (Exception e) {
                    throw new AssertionError("token check failed: " + e, e);
                }
            }
        }
    }

    /** The fields a reason names, once per violation. */
    public static List<String> violationFields(String reason) {
        List<String> fields = new ArrayList<>();
        if (reason == null) {
            return fields;
        }
        Matcher field = FIELD.matcher(reason);
        while (field.find()) {
            fields.add(field.group(1));
        }
        return fields;
    }

    /**
     * No control or invisible formatting character, no 16 characters of a secret, no 12 characters
     * of any other string the input carried (nor the whole of a shorter one over 8), no number
     * longer than a long.
     */
    public static void assertNothingEchoed(HostileInput hostile, String text) {
        List<String> controls =
                text.codePoints()
                        .filter(HostileInputAssertions::isControl)
                        .mapToObj(cp -> String.format("U+%04X", cp))
                        .distinct()
                        .toList();
        assertThat(controls).as("control characters in: %s", shown(text)).isEmpty();
        assertThat(HUGE_NUMBER.matcher(text).find())
                .as("quotes a number of 20 digits or more: %s", shown(text))
                .isFalse();

        Set<String> secretWindows = windows(text, SECRET_WINDOW);
        for (String secret : hostile.secrets()) {
            if (quotes(secretWindows, ARMOUR.matcher(secret).replaceAll(""), SECRET_WINDOW)) {
                fail("quotes 16 characters of a secret input: %s", shown(text));
            }
        }
        Set<String> echoWindows = windows(text, ECHO_WINDOW);
        for (String value : strings(hostile.plainInputs().get().values())) {
            boolean echoed =
                    value.length() >= ECHO_WINDOW
                            ? quotes(echoWindows, value, ECHO_WINDOW)
                            : value.length() >= SHORTEST_ECHO && text.contains(value);
            if (echoed) {
                fail("echoes an input string: %s", shown(text));
            }
        }
    }

    /** The lines of a secret worth searching a log for: no armour, none short enough to recur. */
    public static List<String> telltaleLines(String secret) {
        return Arrays.stream(secret.split("\\r?\\n|\\\\n"))
                .map(String::strip)
                .filter(line -> line.length() >= SECRET_WINDOW)
                .filter(line -> !ARMOUR.matcher(line).find())
                .distinct()
                .toList();
    }

    private static boolean isControl(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE;
    }

    private static Set<String> windows(String text, int size) {
        Set<String> windows = new HashSet<>();
        for (int i = 0; i + size <= text.length(); i++) {
            windows.add(text.substring(i, i + size));
        }
        return windows;
    }

    private static boolean quotes(Set<String> textWindows, String value, int size) {
        if (textWindows.isEmpty()) {
            return false;
        }
        for (int i = 0; i + size <= value.length(); i++) {
            if (textWindows.contains(value.substring(i, i + size))) {
                return true;
            }
        }
        return false;
    }

    /** Every string in the input values, names in them included. */
    private static List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        collect(value, strings);
        return strings;
    }

    /** Without recursion: some inputs nest 10,000 deep. */
    private static void collect(Object root, List<String> into) {
        java.util.ArrayDeque<Object> pending = new java.util.ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Object value = pending.pop();
            if (value instanceof String text) {
                into.add(text);
            } else if (value instanceof Map<?, ?> map) {
                map.forEach(
                        (key, item) -> {
                            pending.push(key);
                            if (item != null) {
                                pending.push(item);
                            }
                        });
            } else if (value instanceof Iterable<?> items) {
                items.forEach(
                        item -> {
                            if (item != null) {
                                pending.push(item);
                            }
                        });
            }
        }
    }

    /** A reason as a failure message may show it: short, control characters spelled out. */
    private static String shown(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder shown = new StringBuilder();
        text.codePoints()
                .limit(300)
                .forEach(
                        cp -> {
                            if (isControl(cp)) {
                                shown.append(String.format("\\u%04x", cp));
                            } else {
                                shown.appendCodePoint(cp);
                            }
                        });
        return text.length() > 300 ? shown + "… (" + text.length() + " chars)" : shown.toString();
    }
}
