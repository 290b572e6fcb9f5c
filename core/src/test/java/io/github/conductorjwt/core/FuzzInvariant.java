package io.github.conductorjwt.core;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What every fuzz target checks. The code under test either succeeds or refuses with one of our
 * clear errors, {@link InvalidJwtInputException} or the key layer's {@link KeyException}, whose
 * message quotes no {@value #QUOTE_WINDOW} characters of any secret input and carries no control
 * character. Anything else thrown (another exception, an {@link Error}) is a finding; so, while
 * fuzzing, is an input that costs more than {@link #CPU_BUDGET} of CPU, and one that runs past the
 * test's timeout.
 */
final class FuzzInvariant {

    /** A quote this long of a secret input is a leak; shorter runs happen by chance. */
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

    /** PEM armour: messages name it (e.g. "-----BEGIN PRIVATE KEY-----"); it is never secret. */
    private static final Pattern ARMOUR = Pattern.compile("-----(BEGIN|END) [A-Z0-9 ]{0,40}-----");

    private FuzzInvariant() {}

    /** Runs {@code action}; lets through only success or our clear error about {@code secrets}. */
    static void holds(Collection<String> secrets, Runnable action) {
        long start = THREADS.getCurrentThreadCpuTime();
        try {
            action.run();
        } catch (InvalidJwtInputException | KeyException refused) {
            checkMessage(refused.getMessage(), secrets);
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
    }

    static void checkMessage(String message, Collection<String> secrets) {
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
        String ours = ARMOUR.matcher(message).replaceAll("\uFFFF");
        Set<String> quotable = new HashSet<>();
        for (int i = 0; i + QUOTE_WINDOW <= ours.length(); i++) {
            quotable.add(ours.substring(i, i + QUOTE_WINDOW));
        }
        for (String secret : secrets) {
            if (secret == null) {
                continue;
            }
            for (int i = 0; i + QUOTE_WINDOW <= secret.length(); i++) {
                String window = secret.substring(i, i + QUOTE_WINDOW);
                if (quotable.contains(window)) {
                    throw new AssertionError(
                            "message quotes "
                                    + QUOTE_WINDOW
                                    + " characters of a secret input (at offset "
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
