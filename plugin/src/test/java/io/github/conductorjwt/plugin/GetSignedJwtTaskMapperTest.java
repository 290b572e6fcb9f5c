package io.github.conductorjwt.plugin;

import static io.github.conductorjwt.plugin.ConductorFixtures.KEY_REFERENCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.conductor.common.metadata.tasks.TaskDef;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import com.netflix.conductor.core.execution.mapper.TaskMapperContext;
import com.netflix.conductor.model.TaskModel;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.task.SignedJwtTaskHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapper as Conductor's decider calls it, after conductor-oss' KafkaPublishTaskMapperTest. */
class GetSignedJwtTaskMapperTest {

    private static final Map<String, Object> ORKES_EXAMPLE =
            Map.of(
                    "subject", "${workflow.input.subject}",
                    "issuer", "${workflow.input.issuer}",
                    "privateKey", KEY_REFERENCE,
                    "privateKeyId", "key-123",
                    "audience", "${workflow.input.audience}",
                    "ttlInSecond", 3600);

    private static final Map<String, Object> HELD_KEY_EXAMPLE =
            Map.of(
                    "keyName", "${workflow.input.keyName}",
                    "subject", "${workflow.input.subject}",
                    "issuer", "${workflow.input.issuer}",
                    "audience", "${workflow.input.audience}");

    private final SignedJwtTaskHandler handler =
            new SignedJwtTaskHandler(
                    new JwtRequestReader(SigningPolicy.defaults()), new JwtSigner());

    private static Map<String, Object> workflowInput(Object... extra) {
        Map<String, Object> input = new HashMap<>();
        input.put("subject", "orders-service");
        input.put("issuer", "https://issuer.example");
        input.put("audience", "https://api.example");
        for (int i = 0; i < extra.length; i += 2) {
            input.put((String) extra[i], extra[i + 1]);
        }
        return input;
    }

    private TaskModel map(
            Map<String, Object> declared, Map<String, Object> workflowInput, TaskDef definition) {
        return map(ConductorFixtures.workflowTask(declared), workflowInput, definition, null);
    }

    private TaskModel map(
            WorkflowTask workflowTask,
            Map<String, Object> workflowInput,
            TaskDef given,
            TaskDef registered) {
        GetSignedJwtTaskMapper mapper =
                new GetSignedJwtTaskMapper(
                        ConductorFixtures.parametersUtils(),
                        ConductorFixtures.metadataDAO(registered),
                        handler);
        TaskMapperContext context =
                TaskMapperContext.newBuilder()
                        .withWorkflowModel(ConductorFixtures.workflow(workflowInput))
                        .withTaskDefinition(given)
                        .withWorkflowTask(workflowTask)
                        .withTaskInput(new HashMap<>())
                        .withRetryCount(2)
                        .withRetryTaskId("task-0")
                        .withTaskId("task-1")
                        .build();
        List<TaskModel> tasks = mapper.getMappedTasks(context);
        assertThat(tasks).hasSize(1);
        return tasks.get(0);
    }

    @Test
    void runsATaskThatCarriesItsKeyAsOurSystemTask() {
        TaskModel task = map(ORKES_EXAMPLE, workflowInput(), null);

        assertThat(task.getTaskType()).isEqualTo("GET_SIGNED_JWT");
        assertThat(task.getStatus()).isEqualTo(TaskModel.Status.IN_PROGRESS);
        assertThat(task.getStartTime()).isPositive();
        assertThat(task.getInputData())
                .containsEntry("subject", "orders-service")
                .containsEntry("privateKey", KEY_REFERENCE);
    }

    @Test
    void routesOnTheEvaluatedKeyNameNotTheDeclaredExpression() {
        TaskModel named = map(HELD_KEY_EXAMPLE, workflowInput("keyName", "orders-api"), null);
        TaskModel unnamed = map(HELD_KEY_EXAMPLE, workflowInput(), null);

        assertThat(named.getTaskType()).isEqualTo("GET_SIGNED_JWT_HELD_KEY");
        assertThat(named.getStatus()).isEqualTo(TaskModel.Status.SCHEDULED);
        assertThat(named.getInputData()).containsEntry("keyName", "orders-api");
        // ${workflow.input.keyName} evaluated to nothing: the plugin signs (or refuses) it.
        assertThat(unnamed.getTaskType()).isEqualTo("GET_SIGNED_JWT");
        assertThat(unnamed.getStatus()).isEqualTo(TaskModel.Status.IN_PROGRESS);
    }

    @Test
    void copiesWhatConductorsOwnMappersCopy() {
        WorkflowTask workflowTask = ConductorFixtures.workflowTask(HELD_KEY_EXAMPLE);
        workflowTask.setStartDelay(7);
        TaskDef definition = new TaskDef("get_signed_jwt");
        definition.setRateLimitPerFrequency(5);
        definition.setRateLimitFrequencyInSeconds(60);
        definition.setIsolationGroupId("jwt-isolation");
        definition.setExecutionNameSpace("jwt-namespace");
        definition.setResponseTimeoutSeconds(30);

        TaskModel task =
                map(workflowTask, workflowInput("keyName", "orders-api"), definition, null);

        assertThat(task.getRetryCount()).isEqualTo(2);
        assertThat(task.getRetriedTaskId()).isEqualTo("task-0");
        assertThat(task.getCallbackAfterSeconds()).isEqualTo(7);
        assertThat(task.getStartDelayInSeconds()).isEqualTo(7);
        assertThat(task.getRateLimitPerFrequency()).isEqualTo(5);
        assertThat(task.getRateLimitFrequencyInSeconds()).isEqualTo(60);
        assertThat(task.getIsolationGroupId()).isEqualTo("jwt-isolation");
        assertThat(task.getExecutionNameSpace()).isEqualTo("jwt-namespace");
        assertThat(task.getResponseTimeoutSeconds()).isEqualTo(30);
        assertThat(task.getTaskId()).isEqualTo("task-1");
        assertThat(task.getReferenceTaskName()).isEqualTo("get_signed_jwt_ref");
        assertThat(task.getWorkflowInstanceId()).isEqualTo("workflow-1");
    }

    @Test
    void withoutATaskDefinitionInTheContextUsesTheRegisteredOne() {
        TaskDef registered = new TaskDef("get_signed_jwt");
        registered.setIsolationGroupId("registered-group");
        registered.setInputTemplate(Map.of("scopes", "read"));

        TaskModel task =
                map(
                        ConductorFixtures.workflowTask(ORKES_EXAMPLE),
                        workflowInput(),
                        null,
                        registered);

        assertThat(task.getIsolationGroupId()).isEqualTo("registered-group");
        assertThat(task.getInputData()).containsEntry("scopes", "read");
    }

    @Test
    void refusesASecretReferenceThatCameThroughWorkflowData() {
        Map<String, Object> declared = new HashMap<>(ORKES_EXAMPLE);
        declared.put("jti", "${workflow.input.jti}");

        TaskModel task =
                map(declared, workflowInput("subject", KEY_REFERENCE, "jti", KEY_REFERENCE), null);

        assertThat(task.getTaskType()).isEqualTo("GET_SIGNED_JWT");
        assertThat(task.getStatus()).isEqualTo(TaskModel.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(task.getReasonForIncompletion())
                .isEqualTo(
                        "jti: a ${workflow.secrets.*} reference arrived through workflow data;"
                                + " secrets are resolved only where the workflow definition writes"
                                + " them; subject: a ${workflow.secrets.*} reference arrived"
                                + " through workflow data; secrets are resolved only where the"
                                + " workflow definition writes them");
        // Left out, so nothing in the server resolves them; the declared key stays.
        assertThat(task.getInputData())
                .doesNotContainKeys("subject", "jti")
                .containsEntry("privateKey", KEY_REFERENCE);
        assertThat(task.getOutputData()).isEmpty();
    }

    @Test
    void refusesOneInAHeldKeyTaskBeforeItReachesTheWorker() {
        TaskModel task =
                map(
                        HELD_KEY_EXAMPLE,
                        workflowInput("keyName", "orders-api", "subject", KEY_REFERENCE),
                        null);

        // Not queued for the worker, which would only ever see the resolved key.
        assertThat(task.getTaskType()).isEqualTo("GET_SIGNED_JWT");
        assertThat(task.getStatus()).isEqualTo(TaskModel.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(task.getReasonForIncompletion()).startsWith("subject: a ${workflow.secrets.*}");
        assertThat(task.getInputData()).doesNotContainKey("subject");
    }

    @Test
    void refusesOneHiddenInsideStructuredWorkflowData() {
        Map<String, Object> declared = new HashMap<>(ORKES_EXAMPLE);
        declared.put("additionalClaims", "${workflow.input.claims}");

        TaskModel task =
                map(
                        declared,
                        workflowInput(
                                "claims", Map.of("tenant", List.of("t1", "x" + KEY_REFERENCE))),
                        null);

        assertThat(task.getStatus()).isEqualTo(TaskModel.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(task.getReasonForIncompletion()).startsWith("additionalClaims: a ");
    }
}
