package io.github.conductorjwt.worker;

import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.TaskClient;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's polls and updates, counted by a {@link PollDrain}: conductor-client 6.0.0 stops a
 * runner by closing its executor while a poll may be in flight, and drops what that poll brings.
 * Drained first, a runner has nothing left to drop.
 */
final class DrainingTaskClient extends TaskClient {

    private static final Logger LOG = LoggerFactory.getLogger(DrainingTaskClient.class);

    private final PollDrain<Task> drain = new PollDrain<>();

    DrainingTaskClient(ConductorClient client) {
        super(client);
    }

    @Override
    public List<Task> batchPollTasksInDomain(
            String taskType, String domain, String workerId, int count, int timeoutMillis) {
        if (!drain.pollStarting()) {
            return List.of();
        }
        List<Task> received = List.of();
        try {
            received =
                    super.batchPollTasksInDomain(taskType, domain, workerId, count, timeoutMillis);
            return received;
        } finally {
            drain.pollEnded(
                    received.stream()
                            .collect(
                                    Collectors.toMap(
                                            Task::getTaskId, Function.identity(), (a, b) -> a)));
        }
    }

    @Override
    public void updateTask(TaskResult result, String taskType) {
        super.updateTask(result, taskType);
        if (!result.isExtendLease()) {
            drain.reported(result.getTaskId());
        }
    }

    /**
     * Stops polling and waits up to {@code timeout} for the tasks in hand; hands back any left, in
     * progress with no callback delay, so the server queues them again at once.
     *
     * @return how many were handed back
     */
    int drain(Duration timeout) throws InterruptedException {
        LOG.info("Draining: {}", drain);
        List<Task> unfinished = drain.drain(timeout);
        for (Task task : unfinished) {
            TaskResult handBack = new TaskResult(task);
            handBack.setStatus(TaskResult.Status.IN_PROGRESS);
            handBack.setCallbackAfterSeconds(0);
            handBack.setOutputData(Map.of());
            try {
                super.updateTask(handBack, task.getTaskType());
            } catch (RuntimeException e) {
                // The server re-queues it itself once its response timeout passes.
                LOG.warn("Could not hand back task {}", task.getTaskId());
            }
        }
        return unfinished.size();
    }
}
