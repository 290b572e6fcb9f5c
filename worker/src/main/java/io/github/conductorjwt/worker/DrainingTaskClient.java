package io.github.conductorjwt.worker;

import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.TaskClient;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's polls and updates, counted by a {@link PollDrain}: conductor-client 6.0.0 stops a
 * runner by closing its executor while a poll may be in flight, and drops what that poll brings.
 * Drained first, a runner has nothing left to drop. Each task gets one answer: a result already on
 * its way is not handed back, and a handed-back task's result is not sent. Each poll's end also
 * beats the {@link PollHeartbeat}, here rather than through the client's poll events, which hand
 * every poll, empty ones too, to a dispatch thread.
 */
final class DrainingTaskClient extends TaskClient {

    private static final Logger LOG = LoggerFactory.getLogger(DrainingTaskClient.class);

    /**
     * Not 0: Conductor's updateTask makes the queue message visible again before it writes the task
     * it read, so with no delay another worker can poll the task in between, and the hand-back's
     * write then overwrites that poll (its pollCount and status) or even the result it sent back.
     */
    static final Duration HAND_BACK_DELAY = Duration.ofSeconds(1);

    private static final long SLOW_POLL_MARGIN_MILLIS = 1_000;

    private final PollDrain<Task> drain = new PollDrain<>();
    private final PollHeartbeat polls;

    DrainingTaskClient(ConductorClient client, PollHeartbeat polls) {
        super(client);
        this.polls = polls;
    }

    @Override
    public List<Task> batchPollTasksInDomain(
            String taskType, String domain, String workerId, int count, int timeoutMillis) {
        if (!drain.pollStarting()) {
            return List.of();
        }
        List<Task> received = List.of();
        long started = System.nanoTime();
        boolean answered = false;
        try {
            received =
                    super.batchPollTasksInDomain(taskType, domain, workerId, count, timeoutMillis);
            answered = true;
        } finally {
            polls.polled(answered);
            logSlowPoll(
                    taskType, received, (System.nanoTime() - started) / 1_000_000, timeoutMillis);
            boolean execute =
                    drain.pollEnded(
                            received.stream()
                                    .collect(
                                            Collectors.toMap(
                                                    Task::getTaskId,
                                                    Function.identity(),
                                                    (a, b) -> a)));
            if (!execute) {
                received = List.of(); // returned after the drain's deadline: handed back
            }
        }
        return received;
    }

    /**
     * Which poll brought a task, for a workflow that stalls: its ids at debug, and any poll the
     * server answered later than its timeout at info (a busy server; past {@link
     * WorkerMain#SERVER_ANSWER} the client gives up on it).
     */
    private static void logSlowPoll(
            String taskType, List<Task> received, long tookMillis, int timeoutMillis) {
        if (LOG.isDebugEnabled() && !received.isEmpty()) {
            LOG.debug(
                    "Poll for {} brought {} in {} ms",
                    taskType,
                    received.stream().map(Task::getTaskId).toList(),
                    tookMillis);
        }
        if (tookMillis > timeoutMillis + SLOW_POLL_MARGIN_MILLIS) {
            LOG.info(
                    "Poll for {} answered after {} ms with {} task(s)",
                    taskType,
                    tookMillis,
                    received.size());
        }
    }

    @Override
    public void updateTask(TaskResult result, String taskType) {
        if (result.isExtendLease()) {
            super.updateTask(result, taskType);
            return;
        }
        if (!drain.reportStarting(result.getTaskId())) {
            LOG.info("Result of task {} not sent: handed back", result.getTaskId());
            return;
        }
        boolean taken = false;
        try {
            super.updateTask(result, taskType);
            taken = true;
        } finally {
            drain.reportEnded(result.getTaskId(), taken);
        }
    }

    /**
     * The client's {@code taskUpdateV2} switch (a system property or environment variable) sends
     * results here, and the task the server answers with would reach the runner uncounted by the
     * drain. Sent as a plain update instead: the next task saves a poll only while tasks queue up,
     * and on Conductor's SQL queues update-v2's own poll (one task, 100 ms timeout) sleeps 100 ms
     * whenever none is waiting.
     */
    @Override
    public Task updateTaskV2(TaskResult result, String taskType) {
        updateTask(result, taskType);
        return null;
    }

    /**
     * Stops polling and waits up to {@code timeout} for the tasks in hand; hands back any left with
     * no result on its way, in progress with a {@link #HAND_BACK_DELAY}, so the server queues them
     * again for another worker; then waits up to {@code lateAnswers} for the polls and results
     * still in flight (the server has marked a polled task IN_PROGRESS whether or not its answer
     * arrives), and hands back what those polls brought or those results failed to report.
     *
     * @return how many were handed back
     */
    int drain(Duration timeout, Duration lateAnswers) throws InterruptedException {
        LOG.info("Draining: {}", drain);
        int handedBack = handBack(drain.drain(timeout));
        if (!drain.isQuiet()) {
            LOG.info("Drain deadline; waiting up to {} ms for: {}", lateAnswers.toMillis(), drain);
        }
        return handedBack + handBack(drain.settle(lateAnswers));
    }

    /** Whether the drain has passed its deadline and now waits only for late answers. */
    boolean pastDrainDeadline() {
        return drain.pastDeadline();
    }

    /** All at once: on a busy server each update may take seconds, and the exit waits for them. */
    private int handBack(List<Task> unfinished) {
        try (ExecutorService updates = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Task task : unfinished) {
                updates.execute(() -> handBack(task));
            }
        }
        return unfinished.size();
    }

    private void handBack(Task task) {
        TaskResult handBack = new TaskResult(task);
        handBack.setStatus(TaskResult.Status.IN_PROGRESS);
        handBack.setCallbackAfterSeconds(HAND_BACK_DELAY.toSeconds());
        handBack.setOutputData(Map.of());
        try {
            super.updateTask(handBack, task.getTaskType());
        } catch (RuntimeException e) {
            // The server re-queues it itself once its response timeout passes.
            LOG.warn("Could not hand back task {}", task.getTaskId());
        }
    }
}
