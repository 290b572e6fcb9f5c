package io.github.conductorjwt.plugin;

import com.netflix.conductor.common.metadata.tasks.TaskDef;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import com.netflix.conductor.core.execution.mapper.TaskMapper;
import com.netflix.conductor.core.execution.mapper.TaskMapperContext;
import com.netflix.conductor.core.utils.ParametersUtils;
import com.netflix.conductor.dao.MetadataDAO;
import com.netflix.conductor.model.TaskModel;
import io.github.conductorjwt.task.GetSignedJwt;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Schedules a workflow's GET_SIGNED_JWT task as our system task, the way Conductor maps its own
 * INLINE and JSON_JQ_TRANSFORM tasks: input evaluated, no task definition required. A task that
 * names a {@code keyName} goes to the external worker's queue instead: only the worker holds keys.
 */
public class GetSignedJwtTaskMapper implements TaskMapper {

    private final ParametersUtils parametersUtils;
    private final MetadataDAO metadataDAO;

    public GetSignedJwtTaskMapper(ParametersUtils parametersUtils, MetadataDAO metadataDAO) {
        this.parametersUtils = parametersUtils;
        this.metadataDAO = metadataDAO;
    }

    @Override
    public String getTaskType() {
        return GetSignedJwt.TASK_TYPE;
    }

    @Override
    public List<TaskModel> getMappedTasks(TaskMapperContext context) {
        WorkflowTask workflowTask = context.getWorkflowTask();
        TaskDef taskDefinition =
                Optional.ofNullable(context.getTaskDefinition())
                        .orElseGet(() -> metadataDAO.getTaskDef(workflowTask.getName()));
        Map<String, Object> input =
                parametersUtils.getTaskInputV2(
                        workflowTask.getInputParameters(),
                        context.getWorkflowModel(),
                        context.getTaskId(),
                        taskDefinition);

        TaskModel task = context.createTaskModel();
        task.setInputData(input);
        if (taskDefinition != null) {
            task.setIsolationGroupId(taskDefinition.getIsolationGroupId());
            task.setResponseTimeoutSeconds(taskDefinition.getResponseTimeoutSeconds());
        }
        if (workflowTask.getInputParameters().get(GetSignedJwt.KEY_NAME) != null) {
            task.setTaskType(GetSignedJwt.HELD_KEY_TASK_TYPE);
            task.setStatus(TaskModel.Status.SCHEDULED);
        } else {
            task.setTaskType(GetSignedJwt.TASK_TYPE);
            task.setStartTime(System.currentTimeMillis());
            task.setStatus(TaskModel.Status.IN_PROGRESS);
        }
        return List.of(task);
    }
}
