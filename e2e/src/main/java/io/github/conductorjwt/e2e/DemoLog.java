package io.github.conductorjwt.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The demo's progress lines, each stamped with the time since the build began ({@code [01:35]}),
 * and a line every few seconds while it waits on something slow.
 */
final class DemoLog {

    private static final Duration TICK = Duration.ofSeconds(15);
    private static final String INDENT = "        ";

    private final Instant buildStart;

    /**
     * @param buildStart when {@code mvn} began: the stamps count the build the user waited for
     */
    DemoLog(Instant buildStart) {
        this.buildStart = buildStart;
    }

    /** One line, stamped. */
    void step(String text) {
        System.out.println(stamp() + " " + text);
    }

    /** Lines under the last step, not stamped. */
    void detail(String text) {
        text.lines().forEach(line -> System.out.println(INDENT + line));
    }

    void blank() {
        System.out.println();
    }

    /** Runs {@code action}, saying every {@link #TICK} that it is still {@code waitingFor}. */
    <T> T whileWaiting(String waitingFor, Supplier<T> action) {
        Instant started = Instant.now();
        ScheduledExecutorService ticker =
                Executors.newSingleThreadScheduledExecutor(
                        task -> {
                            Thread thread = new Thread(task, "demo-progress");
                            thread.setDaemon(true);
                            return thread;
                        });
        ticker.scheduleAtFixedRate(
                () ->
                        step(
                                "  ... still "
                                        + waitingFor
                                        + ", "
                                        + Duration.between(started, Instant.now()).toSeconds()
                                        + " s so far"),
                TICK.toSeconds(),
                TICK.toSeconds(),
                TimeUnit.SECONDS);
        try {
            return action.get();
        } finally {
            ticker.shutdownNow();
        }
    }

    private String stamp() {
        long seconds = Math.max(0, Duration.between(buildStart, Instant.now()).toSeconds());
        return "[%02d:%02d]".formatted(seconds / 60, seconds % 60);
    }
}
