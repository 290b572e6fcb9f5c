package io.github.conductorjwt.worker;

import com.netflix.conductor.client.worker.Worker;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import io.github.conductorjwt.task.SignedJwtTaskHandler;
import io.github.conductorjwt.task.TaskOutcome;
import java.util.Map;

/** GET_SIGNED_JWT for the conductor-oss client: hands the polled task to the shared handler. */
final class GetSignedJwtWorker implements Worker {

    private final String taskType;
    private final SignedJwtTaskHandler handler;
    private final int pollIntervalMillis;

    GetSignedJwtWorker(String taskType, SignedJwtTaskHandler handler, int pollIntervalMillis) {
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
        Map<String, Object> declaredInput = declared == null ? null : declared.getInputParameters();
        TaskOutcome outcome = handler.handle(task.getTaskId(), task.getInputData(), declaredInput);

        TaskResult result = new TaskResult(task);
        result.setStatus(TaskResult.Status.valueOf(outcome.status().name()));
        result.setReasonForIncompletion(outcome.reason());
        result.setOutputData(outcome.output());
        return result;
    }
}
