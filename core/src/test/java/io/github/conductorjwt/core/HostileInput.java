package io.github.conductorjwt.core;

import com.nimbusds.jwt.SignedJWT;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One case of the hostile-input corpus: a task input and the outcome a user must see.
 *
 * <p>Inputs that carry secret material ({@code privateKey}, a password, a key pasted into the wrong
 * field) are kept apart as {@link Secret}s: the unit tests put their text in the input, the
 * end-to-end tests put it in a Conductor secret so it never sits in workflow input. Big values are
 * built only when {@link #input()} is called.
 *
 * @param name unique and readable: the test's display name
 * @param category what kind of mistake or attack it is
 * @param endToEnd whether the end-to-end contract runs it on a real server too
 * @param plainInputs the inputs that are not secret, built on each call
 * @param secretInputs input field to the secret that carries its value
 * @param expected what the task must end with
 */
public record HostileInput(
        String name,
        Category category,
        boolean endToEnd,
        Supplier<Map<String, Object>> plainInputs,
        Map<String, Secret> secretInputs,
        Outcome expected) {

    /** What the corpus covers; the end-to-end subset has cases of each. */
    public enum Category {
        WRONG_TYPE,
        BLANK,
        OVER_LONG,
        CONTROL_CHARACTERS,
        UNICODE,
        NUMBERS,
        ALGORITHM,
        KEYS,
        PASSWORD,
        AUDIENCE,
        SCOPES,
        CLAIMS,
        HEADERS,
        TOKEN_SIZE,
        /** Needs a worker holding keys: runs where {@code keyName} is served. */
        KEY_NAME
    }

    /**
     * Secret text for one input.
     *
     * @param name the Conductor secret that carries it end to end
     * @param text built once, on first use
     */
    public record Secret(String name, Supplier<String> text) {}

    /** What the task must end with. */
    public sealed interface Outcome permits Refused, Accepted {}

    /**
     * FAILED_WITH_TERMINAL_ERROR, with exactly these violation fields (a field twice means two
     * violations).
     */
    public record Refused(List<String> fields) implements Outcome {}

    /**
     * COMPLETED, with a token the independent verifier accepts.
     *
     * @param verificationKey a public key, or the secret's bytes for HS*
     * @param check what the verified token must say
     */
    public record Accepted(Supplier<Object> verificationKey, TokenCheck check) implements Outcome {}

    /** A check of a verified token, written with AssertJ. */
    @FunctionalInterface
    public interface TokenCheck {
        void check(SignedJWT jwt) throws Exception;

        default TokenCheck and(TokenCheck next) {
            return jwt -> {
                check(jwt);
                next.check(jwt);
            };
        }
    }

    /** The whole task input, secrets included, as a worker or the plugin receives it. */
    public Map<String, Object> input() {
        Map<String, Object> input = new LinkedHashMap<>(plainInputs.get());
        secretInputs.forEach((field, secret) -> input.put(field, secret.text().get()));
        return input;
    }

    /** The texts no output, reason or log may quote. */
    public List<String> secrets() {
        return secretInputs.values().stream().map(secret -> secret.text().get()).toList();
    }

    @Override
    public String toString() {
        return name;
    }
}
