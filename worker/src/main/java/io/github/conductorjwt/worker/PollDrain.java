package io.github.conductorjwt.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a stopping worker still owes: polls under way and the tasks they brought. {@link #drain}
 * refuses new polls, lets the ones in flight return and waits until everything received has been
 * reported, so no task is polled and then dropped; what is still unreported at the deadline is
 * claimed for the caller to hand back.
 *
 * <p>Each task gets exactly one answer: its result or its hand-back, never both. A hand-back racing
 * a result on the server can leave the task scheduled with no queue message, its workflow stalled
 * until the server's sweeper looks again (minutes). So a result already on its way is never handed
 * back ({@link #reportStarting}), and a handed-back task's result is not sent.
 *
 * @param <T> a received task
 */
final class PollDrain<T> {

    /** Received, no result on its way yet: the drain may still hand these back. */
    private final Map<String, T> inHand = new LinkedHashMap<>();

    /** Results on their way to the server: neither handed back nor to be waited for forever. */
    private final Map<String, T> reporting = new LinkedHashMap<>();

    private final Set<String> handedBack = new HashSet<>();
    private boolean draining;
    private boolean pastDeadline;
    private int pollsInFlight;

    /** Whether a poll may start; if so, {@link #pollEnded} must follow. */
    synchronized boolean pollStarting() {
        if (draining) {
            return false;
        }
        pollsInFlight++;
        return true;
    }

    /**
     * The poll returned these tasks, by id (none when it failed).
     *
     * @return whether the runner may execute them; after the drain's deadline they stay here, for
     *     {@link #settle} to hand back
     */
    synchronized boolean pollEnded(Map<String, T> received) {
        inHand.putAll(received);
        pollsInFlight--;
        notifyAll();
        return !pastDeadline;
    }

    /**
     * A result for this task is about to be sent.
     *
     * @return false when the task was handed back: its result must not be sent
     */
    synchronized boolean reportStarting(String taskId) {
        if (handedBack.contains(taskId)) {
            return false;
        }
        T task = inHand.remove(taskId);
        if (task != null) {
            reporting.put(taskId, task);
        }
        return true;
    }

    /** The result was sent ({@code taken}: the server took it) or failed, leaving the task here. */
    synchronized void reportEnded(String taskId, boolean taken) {
        T task = reporting.remove(taskId);
        if (!taken && task != null) {
            inHand.put(taskId, task);
        }
        notifyAll();
    }

    /**
     * Stops polling, then waits up to {@code timeout} for the polls in flight to return and every
     * task received to be reported.
     *
     * @return the tasks with no result on its way at the deadline, now claimed for a hand-back
     */
    synchronized List<T> drain(Duration timeout) throws InterruptedException {
        draining = true;
        awaitQuiet(timeout, true);
        pastDeadline = true;
        return claimInHand();
    }

    /**
     * After {@link #drain}: waits up to {@code timeout} for the polls and results still in flight
     * at its deadline.
     *
     * @return tasks those polls brought or whose result failed, now claimed for a hand-back
     */
    synchronized List<T> settle(Duration timeout) throws InterruptedException {
        awaitQuiet(timeout, false);
        return claimInHand();
    }

    /** Whether {@link #drain} has passed its deadline: what a poll brings now is handed back. */
    synchronized boolean pastDeadline() {
        return pastDeadline;
    }

    /** Whether no poll and no result is in flight. */
    synchronized boolean isQuiet() {
        return pollsInFlight == 0 && reporting.isEmpty();
    }

    private void awaitQuiet(Duration timeout, boolean includingInHand) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isQuiet() || includingInHand && !inHand.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private List<T> claimInHand() {
        List<T> claimed = new ArrayList<>(inHand.values());
        handedBack.addAll(inHand.keySet());
        inHand.clear();
        return claimed;
    }

    /** For the log lines of the drain. */
    @Override
    public synchronized String toString() {
        return inHand.size()
                + " task(s) in hand, "
                + reporting.size()
                + " result(s) and "
                + pollsInFlight
                + " poll(s) in flight";
    }
}
