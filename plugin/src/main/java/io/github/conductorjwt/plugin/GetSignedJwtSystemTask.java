package io.github.conductorjwt.plugin;

import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import com.netflix.conductor.core.execution.WorkflowExecutor;
import com.netflix.conductor.core.execution.tasks.WorkflowSystemTask;
import com.netflix.conductor.core.utils.ParametersUtils;
import com.netflix.conductor.dao.MetadataDAO;
import com.netflix.conductor.model.TaskModel;
import com.netflix.conductor.model.WorkflowModel;
import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.task.CacheConfig;
import io.github.conductorjwt.task.GetSignedJwt;
import io.github.conductorjwt.task.SignedJwtTaskHandler;
import io.github.conductorjwt.task.TaskOutcome;
import java.util.Optional;

/**
 * GET_SIGNED_JWT as a synchronous system task: it runs in the decide loop, where Conductor OSS
 * 3.31.2+ hands it the input with {@code ${workflow.secrets.*}} resolved and restores the literal
 * before the task is stored. Its asynchronous twin ({@link #async}, {@link
 * GetSignedJwt#ASYNC_TASK_TYPE}) signs with held keys on a device or behind a service: Conductor's
 * system-task workers run its {@code start} from their queue, outside any workflow's decide.
 */
public class GetSignedJwtSystemTask extends WorkflowSystemTask {

    private final SignedJwtTaskHandler handler;
    private final SecretReferenceGuard guard;
    private final ParametersUtils parametersUtils;
    private final boolean async;

    public GetSignedJwtSystemTask(
            SignedJwtTaskHandler handler,
            ParametersUtils parametersUtils,
            MetadataDAO metadataDAO) {
        this(GetSignedJwt.TASK_TYPE, false, handler, parametersUtils, metadataDAO);
    }

    /** The asynchronous twin: same handling, run by Conductor's system-task workers. */
    public static GetSignedJwtSystemTask async(
            SignedJwtTaskHandler handler,
            ParametersUtils parametersUtils,
            MetadataDAO metadataDAO) {
        return new GetSignedJwtSystemTask(
                GetSignedJwt.ASYNC_TASK_TYPE, true, handler, parametersUtils, metadataDAO);
    }

    private GetSignedJwtSystemTask(
            String taskType,
            boolean async,
            SignedJwtTaskHandler handler,
            ParametersUtils parametersUtils,
            MetadataDAO metadataDAO) {
        super(taskType);
        this.async = async;
        this.handler = handler;
        this.guard = new SecretReferenceGuard(parametersUtils, metadataDAO);
        this.parametersUtils = parametersUtils;
    }

    @Override
    public void start(WorkflowModel workflow, TaskModel task, WorkflowExecutor executor) {
        if (task.getStatus().isTerminal()) {
            return; // refused by the mapper; Conductor starts it all the same
        }
        // Retries evaluate the input anew without our mapper: check it again.
        Optional<InvalidJwtInputException> smuggled = guard.recheck(workflow, task);
        WorkflowTask declared = task.getWorkflowTask();
        TaskOutcome outcome =
                smuggled.isPresent()
                        ? handler.refuse(task.getTaskId(), smuggled.get())
                        : handler.handle(
                                task.getTaskId(),
                                task.getInputData(),
                                declared == null ? null : declared.getInputParameters(),
                                cacheConfig(declared),
                                new WorkflowReferences(parametersUtils, workflow, task));

        task.addOutput(outcome.output());
        task.setReasonForIncompletion(outcome.reason());
        task.setStatus(TaskModel.Status.valueOf(outcome.status().name()));
    }

    @Override
    public boolean isAsync() {
        return async;
    }

    /** Conductor OSS stores {@code cacheConfig} and reads it nowhere: we do. */
    private static CacheConfig cacheConfig(WorkflowTask declared) {
        com.netflix.conductor.common.metadata.workflow.CacheConfig config =
                declared == null ? null : declared.getCacheConfig();
        return config == null ? null : new CacheConfig(config.getKey(), config.getTtlInSecond());
    }

    /** Only reached if a start was interrupted before the task ended; signs then. */
    @Override
    public boolean execute(WorkflowModel workflow, TaskModel task, WorkflowExecutor executor) {
        if (task.getStatus().isTerminal()) {
            return false;
        }
        start(workflow, task, executor);
        return true;
    }
}
