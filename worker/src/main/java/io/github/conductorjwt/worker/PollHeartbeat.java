package io.github.conductorjwt.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When the task runner last finished a poll, answered or not: the sign that its loop runs. A failed
 * poll counts too (the server may be down; restarting the worker would not bring it back), and
 * {@link #serverAnswered()} says which it was.
 */
final class PollHeartbeat {

    private final Clock clock;
    private final Duration window;
    private volatile Instant last;
    private volatile boolean answered;
    private volatile boolean stopped;

    /**
     * @param window how long without a poll before the loop counts as stuck
     */
    PollHeartbeat(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    /**
     * The longer of 30 s and ten poll intervals: a busy runner skips polls while its slots are
     * full.
     */
    static Duration windowFor(Duration pollInterval) {
        Duration tenPolls = pollInterval.multipliedBy(10);
        Duration least = Duration.ofSeconds(30);
        return tenPolls.compareTo(least) > 0 ? tenPolls : least;
    }

    void polled(boolean serverAnswered) {
        answered = serverAnswered;
        last = clock.instant();
    }

    /** Polling stopped for good (drain on SIGTERM). */
    void stop() {
        stopped = true;
    }

    boolean polling() {
        Instant at = last;
        return !stopped && at != null && clock.instant().isBefore(at.plus(window));
    }

    boolean serverAnswered() {
        return answered;
    }

    /** Seconds since the last poll, or -1 before the first. */
    long secondsSinceLastPoll() {
        Instant at = last;
        return at == null ? -1 : Duration.between(at, clock.instant()).toSeconds();
    }
}
