package io.github.conductorjwt.core;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What every fuzz target checks. The code under test either returns a token or refuses with one of
 * our clear errors, {@link InvalidJwtInputException} or the key layer's {@link KeyException}.
 *
 * <ul>
 *   <li>A returned token verifies independently against the key the input carries or implies, and
 *       carries the header and claims the input asked for ({@link FuzzOracle}).
 *   <li>A refusal carries no control character and quotes no input string: no run of {@value
 *       #QUOTE_WINDOW} consecutive characters of any string in the input (a key, a password, a
 *       claim, a header or input name, however deep) appears in the message, once the message's own
 *       vocabulary is set aside: PEM armour ("-----BEGIN PRIVATE KEY-----") and the input names
 *       ({@link JwtInputNames#ALL}), which messages name on purpose. Strings shorter than the
 *       window ("RS256", "iss") cannot trip it; those are the names a message may quote.
 * </ul>
 *
 * Anything else thrown (another exception, an {@link Error}) is a finding; so, while fuzzing, is an
 * input that costs more than {@link #CPU_BUDGET} of CPU, and one that runs past the test's timeout.
 */
final class FuzzInvariant {

    /** A quote this long of an input string is an echo; shorter runs happen by chance. */
    static final int QUOTE_WINDOW = 16;

    /**
     * Far above what the task may spend refusing an input (~100 ms without instrumentation):
     * Jazzer's instrumentation makes everything slower, and the machine is shared. Checked only
     * while fuzzing; a regression run leaves speed to the test's timeout.
     */
    static final Duration CPU_BUDGET = Duration.ofSeconds(1);

    /** Jazzer's own test: JAZZER_FUZZ set to 1, true or yes. */
    private static final boolean FUZZING =
            isTrue(System.getenv("JAZZER_FUZZ")) || isTrue(System.getProperty("JAZZER_FUZZ"));

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Runs of the code's own text: a message may say them whatever the input holds. */
    private static final List<String> OWN_TEXT = CodeText.pieces();

    private FuzzInvariant() {}

    /**
     * Runs {@code sign}; lets through only a token that passes {@code check} or our clear error
     * quoting none of {@code inputStrings}.
     */
    static void holds(
            Collection<String> inputStrings, Supplier<SignedJwt> sign, Consumer<SignedJwt> check) {
        holds(inputStrings, List.of(), sign, check);
    }

    /**
     * As {@link #holds(Collection, Supplier, Consumer)}, where a refusal may also state {@code
     * stated} (numbers it read from inputs that are not secret), wherever else they occur.
     */
    static void holds(
            Collection<String> inputStrings,
            Collection<String> stated,
            Supplier<SignedJwt> sign,
            Consumer<SignedJwt> check) {
        long start = THREADS.getCurrentThreadCpuTime();
        SignedJwt token = null;
        RuntimeException refusal = null;
        try {
            token = sign.get();
        } catch (InvalidJwtInputException | KeyException refused) {
            refusal = refused;
        }
        long spent = THREADS.getCurrentThreadCpuTime() - start;
        if (FUZZING && spent > CPU_BUDGET.toNanos()) {
            throw new AssertionError(
                    "slow input: "
                            + spent / 1_000_000
                            + " ms of CPU, budget "
                            + CPU_BUDGET.toMillis()
                            + " ms");
        }
        if (refusal != null) {
            checkMessage(refusal.getMessage(), inputStrings, stated);
        } else {
            check.accept(token);
        }
    }

    static void checkMessage(String message, Collection<String> inputStrings) {
        checkMessage(message, inputStrings, List.of());
    }

    static void checkMessage(
            String message, Collection<String> inputStrings, Collection<String> stated) {
        message.codePoints()
                .filter(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029)
                .findFirst()
                .ifPresent(
                        c -> {
                            throw new AssertionError(
                                    "message carries control character U+"
                                            + String.format("%04X", c)
                                            + ": "
                                            + message);
                        });
        // Runs of the message with a character the code did not write itself: where a quote
        // would show.
        List<String> pieces = new java.util.ArrayList<>(OWN_TEXT);
        pieces.addAll(stated);
        boolean[] own = CodeText.ownCharacters(message, pieces);
        Set<String> quotable = new HashSet<>();
        for (int i = 0; i + QUOTE_WINDOW <= message.length(); i++) {
            boolean written = true;
            for (int c = i; c < i + QUOTE_WINDOW && written; c++) {
                written = own[c];
            }
            if (!written) {
                quotable.add(message.substring(i, i + QUOTE_WINDOW));
            }
        }
        for (String input : inputStrings) {
            if (input == null) {
                continue;
            }
            for (int i = 0; i + QUOTE_WINDOW <= input.length(); i++) {
                String window = input.substring(i, i + QUOTE_WINDOW);
                if (quotable.contains(window)) {
                    throw new AssertionError(
                            "message quotes "
                                    + QUOTE_WINDOW
                                    + " characters of an input string (at offset "
                                    + i
                                    + "): "
                                    + message);
                }
            }
        }
    }

    private static boolean isTrue(String value) {
        return value != null
                && (value.equals("1")
                        || value.equalsIgnoreCase("true")
                        || value.equalsIgnoreCase("yes"));
    }
}
