package io.github.conductorjwt.plugin;

import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import com.netflix.conductor.core.execution.WorkflowExecutor;
import com.netflix.conductor.core.execution.tasks.WorkflowSystemTask;
import com.netflix.conductor.core.utils.ParametersUtils;
import com.netflix.conductor.dao.MetadataDAO;
import com.netflix.conductor.model.TaskModel;
import com.netflix.conductor.model.WorkflowModel;
import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.task.TaskOutcome;
import io.github.conductorjwt.task.VerifyJwt;
import io.github.conductorjwt.task.VerifyJwtTaskHandler;
import java.util.Optional;

/**
 * VERIFY_JWT as a system task, in two registrations: {@link VerifyJwt#TASK_TYPE}, synchronous, for
 * keys given inline or held by the server; {@link VerifyJwt#JWKS_TASK_TYPE}, asynchronous, for a
 * {@code jwksUri} (see {@link VerifyJwtTaskMapper}). An asynchronous task that throws stays
 * SCHEDULED until its response timeout (3600 s by default), so nothing escapes {@link #start}.
 */
public class VerifyJwtSystemTask extends WorkflowSystemTask {

    private final boolean async;
    private final VerifyJwtTaskHandler handler;
    private final SecretReferenceGuard guard;

    public VerifyJwtSystemTask(
            String taskType,
            boolean async,
            VerifyJwtTaskHandler handler,
            ParametersUtils parametersUtils,
            MetadataDAO metadataDAO) {
        super(taskType);
        this.async = async;
        this.handler = handler;
        this.guard = new SecretReferenceGuard(parametersUtils, metadataDAO);
    }

    @Override
    public boolean isAsync() {
        return async;
    }

    @Override
    public void start(WorkflowModel workflow, TaskModel task, WorkflowExecutor executor) {
        if (task.getStatus().isTerminal()) {
            return; // refused by the mapper
        }
        TaskOutcome outcome;
        try {
            // Retries evaluate the input anew without our mapper: check it again.
            Optional<InvalidJwtInputException> smuggled = guard.recheck(workflow, task);
            WorkflowTask declared = task.getWorkflowTask();
            outcome =
                    smuggled.isPresent()
                            ? handler.refuse(task.getTaskId(), smuggled.get())
                            : handler.handle(
                                    task.getTaskId(),
                                    task.getInputData(),
                                    declared == null ? null : declared.getInputParameters());
        } catch (Throwable e) {
            task.setReasonForIncompletion("verifying failed: " + e.getClass().getName());
            task.setStatus(TaskModel.Status.FAILED);
            return;
        }
        task.addOutput(outcome.output());
        task.setReasonForIncompletion(outcome.reason());
        task.setStatus(TaskModel.Status.valueOf(outcome.status().name()));
    }

    /** Only reached if a start was interrupted before the task ended; verifies then. */
    @Override
    public boolean execute(WorkflowModel workflow, TaskModel task, WorkflowExecutor executor) {
        if (task.getStatus().isTerminal()) {
            return false;
        }
        start(workflow, task, executor);
        return true;
    }
}
