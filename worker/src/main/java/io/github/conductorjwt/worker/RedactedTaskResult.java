package io.github.conductorjwt.worker;

import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import io.github.conductorjwt.task.TaskOutcome;

/**
 * The result the worker hands the conductor-oss client: sent as any {@link TaskResult} is, but
 * printed without values. The client logs the whole result at ERROR when the server cannot take it
 * (conductor-client 6.0.0, {@code TaskRunner.updateTaskResult}), and its output holds the token, a
 * bearer credential. Public only so that the client's Jackson Afterburner can reach it from its
 * generated accessors instead of logging an IllegalAccessError for every result it sends.
 */
public final class RedactedTaskResult extends TaskResult {

    RedactedTaskResult(Task task, TaskOutcome outcome) {
        super(task);
        setStatus(Status.valueOf(outcome.status().name()));
        setReasonForIncompletion(outcome.reason());
        setOutputData(outcome.output());
    }

    /** Which task and how it ended; of the output, the names only. */
    @Override
    public String toString() {
        return "TaskResult{taskId="
                + getTaskId()
                + ", workflowInstanceId="
                + getWorkflowInstanceId()
                + ", status="
                + getStatus()
                + ", outputData="
                + (getOutputData() == null ? "{}" : getOutputData().keySet())
                + " (values not printed)}";
    }
}
