package io.github.conductorjwt.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a stopping worker still owes: polls under way and the tasks they brought. {@link #drain}
 * refuses new polls, lets the ones in flight return and waits until everything received has been
 * reported, so no task is polled and then dropped; what is still unreported at the deadline is
 * returned for the caller to hand back.
 *
 * @param <T> a received task
 */
final class PollDrain<T> {

    private final Map<String, T> inHand = new LinkedHashMap<>();
    private boolean draining;
    private int pollsInFlight;

    /** Whether a poll may start; if so, {@link #pollEnded} must follow. */
    synchronized boolean pollStarting() {
        if (draining) {
            return false;
        }
        pollsInFlight++;
        return true;
    }

    /** The poll returned these tasks, by id (none when it failed). */
    synchronized void pollEnded(Map<String, T> received) {
        inHand.putAll(received);
        pollsInFlight--;
        notifyAll();
    }

    /** The server took this task's result. */
    synchronized void reported(String taskId) {
        inHand.remove(taskId);
        notifyAll();
    }

    /**
     * Stops polling, then waits up to {@code timeout} for the polls in flight to return and every
     * task received to be reported.
     *
     * @return the tasks still unreported at the deadline
     */
    synchronized List<T> drain(Duration timeout) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pollsInFlight > 0 || !inHand.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return new ArrayList<>(inHand.values());
    }

    /** For the log line at the signal. */
    @Override
    public synchronized String toString() {
        return inHand.size() + " task(s) in hand, " + pollsInFlight + " poll(s) in flight";
    }
}
