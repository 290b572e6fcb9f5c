package io.github.conductorjwt.plugin;

import com.netflix.conductor.core.utils.ParametersUtils;
import com.netflix.conductor.model.TaskModel;
import com.netflix.conductor.model.WorkflowModel;
import io.github.conductorjwt.task.CacheKeyReferences;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The references of a {@code cacheConfig.key} that the task's input cannot answer (e.g. {@code
 * ${workflow.input.tenant}}), evaluated against the workflow as Conductor evaluates task input.
 * Conductor OSS does not evaluate {@code cacheConfig.key} itself.
 */
final class WorkflowReferences implements CacheKeyReferences {

    private final ParametersUtils parametersUtils;
    private final WorkflowModel workflow;
    private final TaskModel task;

    WorkflowReferences(ParametersUtils parametersUtils, WorkflowModel workflow, TaskModel task) {
        this.parametersUtils = parametersUtils;
        this.workflow = workflow;
        this.task = task;
    }

    @Override
    public Optional<Object> resolve(String reference) {
        Map<String, Object> one = new HashMap<>();
        one.put("value", "${" + reference + "}");
        return Optional.ofNullable(
                parametersUtils.getTaskInputV2(one, workflow, task.getTaskId(), null).get("value"));
    }
}
