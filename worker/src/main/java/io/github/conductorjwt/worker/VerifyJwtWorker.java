package io.github.conductorjwt.worker;

import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import io.github.conductorjwt.task.TaskOutcome;
import io.github.conductorjwt.task.VerifyJwtTaskHandler;

/** VERIFY_JWT for the conductor-oss client: hands the polled task to the shared handler. */
final class VerifyJwtWorker extends HandlerWorker {

    private final VerifyJwtTaskHandler handler;

    VerifyJwtWorker(String taskType, VerifyJwtTaskHandler handler, int pollIntervalMillis) {
        super(taskType, pollIntervalMillis, "verifying failed: ");
        this.handler = handler;
    }

    @Override
    TaskOutcome handle(Task task, WorkflowTask declared) {
        return handler.handle(task.getTaskId(), task.getInputData(), declaredInput(declared));
    }
}
