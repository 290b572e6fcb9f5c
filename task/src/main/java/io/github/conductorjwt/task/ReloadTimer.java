package io.github.conductorjwt.task;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What both key reloaders share: a daemon thread that runs a read on an interval, and whether the
 * last read failed and why, so a reason is worth a log line only when it changes (a bad file stays
 * bad between reads) and the recovery once.
 */
public final class ReloadTimer implements AutoCloseable {

    private final ScheduledExecutorService timer;
    private volatile String failure;

    public ReloadTimer(String threadName) {
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        task -> {
                            Thread thread = new Thread(task, threadName);
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    public void start(Duration interval, Runnable read) {
        timer.scheduleWithFixedDelay(
                read, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the last read failed, so the keys in use are older than their source. */
    public boolean failing() {
        return failure != null;
    }

    /**
     * A read succeeded.
     *
     * @return whether the read before had failed
     */
    public boolean succeeded() {
        boolean recovered = failure != null;
        failure = null;
        return recovered;
    }

    /**
     * A read failed for {@code reason}, a text safe for a log line.
     *
     * @return whether the last read did not fail for the same reason
     */
    public boolean failed(String reason) {
        boolean changed = !reason.equals(failure);
        failure = reason;
        return changed;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
