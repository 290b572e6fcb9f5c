package io.github.conductorjwt.plugin;

import com.netflix.conductor.common.metadata.tasks.TaskDef;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import com.netflix.conductor.core.utils.ParametersUtils;
import com.netflix.conductor.dao.MetadataDAO;
import com.netflix.conductor.model.TaskModel;
import com.netflix.conductor.model.WorkflowModel;
import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.task.SmuggledSecretReferences;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A GET_SIGNED_JWT task's input as Conductor evaluates it, before it resolves {@code
 * ${workflow.secrets.*}}, and the refusal of every reference in it that the definition did not
 * write ({@link SmuggledSecretReferences}). The mapper checks the input it evaluates; the system
 * task checks again, because Conductor's retries (the UI's Retry, a task definition's retryCount)
 * evaluate a task's input anew without asking the mapper.
 */
final class SecretReferenceGuard {

    private final ParametersUtils parametersUtils;
    private final MetadataDAO metadataDAO;

    SecretReferenceGuard(ParametersUtils parametersUtils, MetadataDAO metadataDAO) {
        this.parametersUtils = parametersUtils;
        this.metadataDAO = metadataDAO;
    }

    /** The task's definition: the one given, the one the workflow embeds, or the registered one. */
    TaskDef taskDefinition(WorkflowTask workflowTask, TaskDef given) {
        if (given != null) {
            return given;
        }
        return Optional.ofNullable(workflowTask.getTaskDefinition())
                .orElseGet(() -> metadataDAO.getTaskDef(workflowTask.getName()));
    }

    /** The input as the mapper evaluates it: secret references still literal. */
    Map<String, Object> evaluate(
            WorkflowTask workflowTask, TaskDef definition, WorkflowModel workflow, String taskId) {
        return parametersUtils.getTaskInputV2(
                workflowTask.getInputParameters(), workflow, taskId, definition);
    }

    /** The inputs of {@code evaluated} that carry a reference the definition did not write. */
    Set<String> smuggled(
            WorkflowTask workflowTask, TaskDef definition, Map<String, Object> evaluated) {
        Map<String, Object> declared = new HashMap<>();
        if (workflowTask.getInputParameters() != null) {
            declared.putAll(workflowTask.getInputParameters());
        }
        if (definition != null && definition.getInputTemplate() != null) {
            definition.getInputTemplate().forEach(declared::putIfAbsent);
        }
        return SmuggledSecretReferences.find(declared, evaluated);
    }

    /** Evaluates the task's input again and checks it; for a task the mapper did not just make. */
    Optional<InvalidJwtInputException> recheck(WorkflowModel workflow, TaskModel task) {
        WorkflowTask workflowTask = task.getWorkflowTask();
        if (workflowTask == null) {
            return Optional.empty();
        }
        TaskDef definition = taskDefinition(workflowTask, null);
        Set<String> fields =
                smuggled(
                        workflowTask,
                        definition,
                        evaluate(workflowTask, definition, workflow, task.getTaskId()));
        return fields.isEmpty()
                ? Optional.empty()
                : Optional.of(SmuggledSecretReferences.refusal(fields));
    }
}
