package io.github.conductorjwt.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.conductor.core.utils.ParametersUtils;
import com.netflix.conductor.model.TaskModel;
import com.netflix.conductor.model.WorkflowModel;
import io.github.conductorjwt.core.IndependentSigner;
import io.github.conductorjwt.core.JwksUnavailableException;
import io.github.conductorjwt.core.JwtVerifier;
import io.github.conductorjwt.core.TestKeys;
import io.github.conductorjwt.core.VerifyRequestReader;
import io.github.conductorjwt.task.VerifyJwtTaskHandler;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two VERIFY_JWT system tasks on Conductor's task model. */
class VerifyJwtSystemTaskTest {

    private static final String PUBLIC_PEM =
            TestKeys.pem("PUBLIC KEY", TestKeys.RSA_2048.getPublic().getEncoded());

    private final WorkflowModel workflow = ConductorFixtures.workflow(Map.of());

    private static VerifyJwtSystemTask systemTask(
            String type, boolean async, VerifyRequestReader reader, ParametersUtils parameters) {
        return new VerifyJwtSystemTask(
                type,
                async,
                new VerifyJwtTaskHandler(reader, new JwtVerifier()),
                parameters,
                ConductorFixtures.metadataDAO(null));
    }

    private static TaskModel task(String type, Map<String, Object> input) {
        TaskModel task = new TaskModel();
        task.setTaskId("task-1");
        task.setTaskType(type);
        task.setWorkflowTask(ConductorFixtures.workflowTask(new HashMap<>(input)));
        task.setInputData(new HashMap<>(input));
        task.setStatus(TaskModel.Status.SCHEDULED);
        return task;
    }

    @Test
    void theInlineTypeRunsInTheDecideLoopTheJwksTypeOnSystemTaskWorkers() {
        VerifyRequestReader reader = new VerifyRequestReader(10);
        assertThat(
                        systemTask("VERIFY_JWT", false, reader, ConductorFixtures.parametersUtils())
                                .isAsync())
                .isFalse();
        assertThat(
                        systemTask(
                                        "VERIFY_JWT_JWKS",
                                        true,
                                        reader,
                                        ConductorFixtures.parametersUtils())
                                .isAsync())
                .isTrue();
    }

    @Test
    void verifiesAndCompletes() {
        String token =
                IndependentSigner.token("RS256", TestKeys.RSA_2048.getPrivate(), "k", Map.of());
        TaskModel task = task("VERIFY_JWT", Map.of("token", token, "publicKey", PUBLIC_PEM));

        systemTask(
                        "VERIFY_JWT",
                        false,
                        new VerifyRequestReader(10),
                        ConductorFixtures.parametersUtils())
                .start(workflow, task, null);

        assertThat(task.getStatus()).isEqualTo(TaskModel.Status.COMPLETED);
        assertThat(task.getOutputData()).containsEntry("valid", true).containsEntry("keyId", "k");
    }

    @Test
    void anUnavailableJwkSetFailsRetryablyWithItsCode() {
        VerifyRequestReader reader =
                new VerifyRequestReader(
                        10,
                        uri ->
                                kid -> {
                                    throw new JwksUnavailableException("connect timed out");
                                });
        TaskModel task =
                task(
                        "VERIFY_JWT_JWKS",
                        Map.of(
                                "token",
                                IndependentSigner.token(
                                        "RS256", TestKeys.RSA_2048.getPrivate(), "k", Map.of()),
                                "jwksUri",
                                "https://idp.example/k"));

        systemTask("VERIFY_JWT_JWKS", true, reader, ConductorFixtures.parametersUtils())
                .start(workflow, task, null);

        assertThat(task.getStatus())
                .as(task.getReasonForIncompletion())
                .isEqualTo(TaskModel.Status.FAILED);
        assertThat(task.getReasonForIncompletion()).startsWith("JWKS_UNAVAILABLE: ");
        assertThat(task.getOutputData()).containsEntry("errorCode", "JWKS_UNAVAILABLE");
    }

    /**
     * On 3.32.3 an asynchronous system task that throws stays SCHEDULED until its response timeout
     * (3600 s by default): whatever fails, start() ends the task.
     */
    @Test
    void aFaultOutsideTheHandlerStillEndsTheTask() {
        ParametersUtils failing =
                new ParametersUtils(new com.fasterxml.jackson.databind.ObjectMapper()) {
                    @Override
                    public Map<String, Object> getTaskInputV2(
                            Map<String, Object> input,
                            WorkflowModel workflow,
                            String taskId,
                            com.netflix.conductor.common.metadata.tasks.TaskDef taskDefinition) {
                        throw new IllegalStateException("evaluation failed");
                    }
                };
        TaskModel task =
                task("VERIFY_JWT_JWKS", Map.of("token", "t", "jwksUri", "https://idp.example/k"));

        systemTask("VERIFY_JWT_JWKS", true, new VerifyRequestReader(10), failing)
                .start(workflow, task, null);

        assertThat(task.getStatus()).isEqualTo(TaskModel.Status.FAILED);
        assertThat(task.getReasonForIncompletion())
                .isEqualTo("verifying failed: java.lang.IllegalStateException");
    }
}
