package io.github.conductorjwt.plugin;

import com.netflix.conductor.common.metadata.tasks.TaskDef;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import com.netflix.conductor.core.execution.mapper.TaskMapper;
import com.netflix.conductor.core.execution.mapper.TaskMapperContext;
import com.netflix.conductor.core.utils.ParametersUtils;
import com.netflix.conductor.dao.MetadataDAO;
import com.netflix.conductor.model.TaskModel;
import io.github.conductorjwt.core.VerifyInputNames;
import io.github.conductorjwt.task.SmuggledSecretReferences;
import io.github.conductorjwt.task.VerifyJwt;
import io.github.conductorjwt.task.VerifyJwtTaskHandler;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Schedules a workflow's VERIFY_JWT task by its evaluated input: with a key given inline, as our
 * synchronous system task (a verification is bounded CPU, cheaper than a queue round trip); with a
 * {@code jwksUri}, as the asynchronous twin {@link VerifyJwt#JWKS_TASK_TYPE}, so the fetch runs on
 * Conductor's system-task workers and never in the decide loop; with a {@code keyName}, on the
 * external worker's queue, since only the worker holds keys. Smuggled secret references are refused
 * as GET_SIGNED_JWT's mapper refuses them.
 */
public class VerifyJwtTaskMapper implements TaskMapper {

    private final SecretReferenceGuard guard;
    private final VerifyJwtTaskHandler handler;

    public VerifyJwtTaskMapper(
            ParametersUtils parametersUtils,
            MetadataDAO metadataDAO,
            VerifyJwtTaskHandler handler) {
        this.guard = new SecretReferenceGuard(parametersUtils, metadataDAO);
        this.handler = handler;
    }

    @Override
    public String getTaskType() {
        return VerifyJwt.TASK_TYPE;
    }

    @Override
    public List<TaskModel> getMappedTasks(TaskMapperContext context) {
        WorkflowTask workflowTask = context.getWorkflowTask();
        TaskDef definition = guard.taskDefinition(workflowTask, context.getTaskDefinition());
        Map<String, Object> input =
                guard.evaluate(
                        workflowTask, definition, context.getWorkflowModel(), context.getTaskId());
        Set<String> smuggled = guard.smuggled(workflowTask, definition, input);

        TaskModel task = context.createTaskModel();
        GetSignedJwtTaskMapper.copyScheduling(task, context, workflowTask, definition);
        if (!smuggled.isEmpty()) {
            input.keySet().removeAll(smuggled);
            task.setInputData(input);
            GetSignedJwtTaskMapper.refuse(
                    task,
                    handler.refuse(task.getTaskId(), SmuggledSecretReferences.refusal(smuggled)),
                    VerifyJwt.TASK_TYPE);
            return List.of(task);
        }
        task.setInputData(input);
        if (isGiven(input.get(VerifyInputNames.KEY_NAME))) {
            task.setTaskType(VerifyJwt.HELD_KEY_TASK_TYPE);
            task.setStatus(TaskModel.Status.SCHEDULED);
        } else if (isGiven(input.get(VerifyInputNames.JWKS_URI))) {
            task.setTaskType(VerifyJwt.JWKS_TASK_TYPE);
            task.setStatus(TaskModel.Status.SCHEDULED);
            GetSignedJwtTaskMapper.boundAsync(task, definition);
        } else {
            task.setTaskType(VerifyJwt.TASK_TYPE);
            task.setStartTime(System.currentTimeMillis());
            task.setStatus(TaskModel.Status.IN_PROGRESS);
        }
        return List.of(task);
    }

    /** A form's empty field is not given (see VerifyRequestReader). */
    private static boolean isGiven(Object value) {
        return value != null && !(value instanceof String text && text.isBlank());
    }
}
