package io.github.conductorjwt.worker;

import com.netflix.conductor.client.worker.Worker;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import io.github.conductorjwt.task.TaskOutcome;
import io.github.conductorjwt.task.VerifyJwtTaskHandler;
import java.util.Map;

/** VERIFY_JWT for the conductor-oss client: hands the polled task to the shared handler. */
final class VerifyJwtWorker implements Worker {

    private final String taskType;
    private final VerifyJwtTaskHandler handler;
    private final int pollIntervalMillis;

    VerifyJwtWorker(String taskType, VerifyJwtTaskHandler handler, int pollIntervalMillis) {
        this.taskType = taskType;
        this.handler = handler;
        this.pollIntervalMillis = pollIntervalMillis;
    }

    @Override
    public String getTaskDefName() {
        return taskType;
    }

    @Override
    public int getPollingInterval() {
        return pollIntervalMillis;
    }

    @Override
    public TaskResult execute(Task task) {
        WorkflowTask declared = task.getWorkflowTask();
        try {
            return new RedactedTaskResult(
                    task,
                    handler.handle(
                            task.getTaskId(),
                            task.getInputData(),
                            declared == null ? null : declared.getInputParameters()));
        } catch (Throwable e) {
            return new RedactedTaskResult(
                    task,
                    new TaskOutcome(
                            TaskOutcome.Status.FAILED,
                            Map.of(),
                            "verifying failed: " + e.getClass().getName()));
        } finally {
            task.setInputData(Map.of()); // no later client log line prints a resolved secret
        }
    }
}
