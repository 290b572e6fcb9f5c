package io.github.conductorjwt.plugin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.conductor.common.metadata.tasks.TaskDef;
import com.netflix.conductor.common.metadata.workflow.WorkflowDef;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import com.netflix.conductor.core.utils.ParametersUtils;
import com.netflix.conductor.dao.MetadataDAO;
import com.netflix.conductor.model.WorkflowModel;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Conductor's own classes, set up as the server would hand them to the plugin. */
final class ConductorFixtures {

    static final String KEY_REFERENCE = "${workflow.secrets.jwt-privatekey}";

    private ConductorFixtures() {}

    /**
     * Conductor's ParametersUtils as 3.31.2+ evaluates a declared {@code ${workflow.secrets.*}}:
     * left literal, to be resolved at hand-off. (We compile against 3.22.0, which reads it as a
     * path and finds nothing.) Everything else is Conductor's own evaluation.
     */
    static ParametersUtils parametersUtils() {
        return new ParametersUtils(new ObjectMapper()) {
            @Override
            public Map<String, Object> getTaskInputV2(
                    Map<String, Object> input,
                    WorkflowModel workflow,
                    String taskId,
                    TaskDef taskDefinition) {
                Map<String, Object> evaluated =
                        super.getTaskInputV2(input, workflow, taskId, taskDefinition);
                if (input != null) {
                    input.forEach(
                            (name, expression) -> {
                                if (expression instanceof String text
                                        && text.startsWith("${workflow.secrets.")
                                        && text.indexOf('}') == text.length() - 1) {
                                    evaluated.put(name, text);
                                }
                            });
                }
                return evaluated;
            }
        };
    }

    /** A metadata store that holds {@code registered} (or nothing) under every name. */
    static MetadataDAO metadataDAO(TaskDef registered) {
        return (MetadataDAO)
                Proxy.newProxyInstance(
                        MetadataDAO.class.getClassLoader(),
                        new Class<?>[] {MetadataDAO.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("getTaskDef")) {
                                return registered;
                            }
                            throw new UnsupportedOperationException(method.getName());
                        });
    }

    /** A running workflow of the Orkes example's shape, started with {@code input}. */
    static WorkflowModel workflow(Map<String, Object> input) {
        WorkflowDef definition = new WorkflowDef();
        definition.setName("get_signed_jwt");
        definition.setSchemaVersion(2);
        WorkflowModel workflow = new WorkflowModel();
        workflow.setWorkflowId("workflow-1");
        workflow.setWorkflowDefinition(definition);
        workflow.setInput(new HashMap<>(input));
        return workflow;
    }

    static WorkflowTask workflowTask(Map<String, Object> inputParameters) {
        WorkflowTask task = new WorkflowTask();
        task.setName("get_signed_jwt");
        task.setTaskReferenceName("get_signed_jwt_ref");
        task.setType("GET_SIGNED_JWT");
        task.setInputParameters(new HashMap<>(inputParameters));
        return task;
    }
}
