package io.github.conductorjwt.worker;

import com.netflix.conductor.client.worker.Worker;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import io.github.conductorjwt.task.TaskOutcome;
import java.util.Map;

/**
 * One of our task types for the conductor-oss client: hands the polled task to its shared handler
 * and returns a result that prints without values, whatever happens.
 */
abstract class HandlerWorker implements Worker {

    private final String taskType;
    private final int pollIntervalMillis;
    private final String faultPrefix;

    /**
     * @param faultPrefix what a retryable fault's reason starts with, before the type only, as the
     *     handler itself words one ("signing failed: ")
     */
    HandlerWorker(String taskType, int pollIntervalMillis, String faultPrefix) {
        this.taskType = taskType;
        this.pollIntervalMillis = pollIntervalMillis;
        this.faultPrefix = faultPrefix;
    }

    @Override
    public final String getTaskDefName() {
        return taskType;
    }

    @Override
    public final int getPollingInterval() {
        return pollIntervalMillis;
    }

    /** The handler's outcome for the task; {@code declared} may be {@code null}. */
    abstract TaskOutcome handle(Task task, WorkflowTask declared);

    @Override
    public final TaskResult execute(Task task) {
        try {
            return new RedactedTaskResult(task, handle(task, task.getWorkflowTask()));
        } catch (Throwable e) {
            // Even should the handler's own catch fail: a throw makes the client log the task.
            return new RedactedTaskResult(
                    task,
                    new TaskOutcome(
                            TaskOutcome.Status.FAILED,
                            Map.of(),
                            faultPrefix + e.getClass().getName()));
        } finally {
            task.setInputData(Map.of()); // no later client log line prints a resolved secret
        }
    }

    /** The task's {@code inputParameters} as written, or {@code null}. */
    static Map<String, Object> declaredInput(WorkflowTask declared) {
        return declared == null ? null : declared.getInputParameters();
    }
}
