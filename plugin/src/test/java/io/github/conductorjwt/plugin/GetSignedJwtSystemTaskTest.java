package io.github.conductorjwt.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import com.netflix.conductor.model.TaskModel;
import com.netflix.conductor.model.WorkflowModel;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.core.TestKeys;
import io.github.conductorjwt.task.SignedJwtTaskHandler;
import java.security.interfaces.RSAPublicKey;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The system task on Conductor's own task model, as the decider hands it over. */
class GetSignedJwtSystemTaskTest {

    private static final String PEM = TestKeys.pkcs8Pem(TestKeys.RSA_2048);

    private final GetSignedJwtSystemTask systemTask =
            new GetSignedJwtSystemTask(
                    new SignedJwtTaskHandler(
                            new JwtRequestReader(SigningPolicy.defaults()), new JwtSigner()));

    private static TaskModel scheduled(Object resolvedKey) {
        Map<String, Object> declared = new HashMap<>();
        declared.put("subject", "${workflow.input.subject}");
        declared.put("issuer", "iss");
        declared.put("privateKey", "${workflow.secrets.jwt-privatekey}");
        declared.put("privateKeyId", "key-123");
        declared.put("audience", "aud");
        declared.put("ttlInSecond", 3600);
        WorkflowTask workflowTask = new WorkflowTask();
        workflowTask.setType("GET_SIGNED_JWT");
        workflowTask.setInputParameters(declared);

        Map<String, Object> input = new HashMap<>(declared);
        input.put("subject", "sub");
        input.put("privateKey", resolvedKey);
        TaskModel task = new TaskModel();
        task.setTaskId("task-1");
        task.setTaskType("GET_SIGNED_JWT");
        task.setWorkflowTask(workflowTask);
        task.setInputData(input);
        task.setStatus(TaskModel.Status.IN_PROGRESS);
        return task;
    }

    @Test
    void completesWithAVerifiableToken() throws Exception {
        TaskModel task = scheduled(PEM);

        systemTask.start(new WorkflowModel(), task, null);

        assertThat(task.getStatus()).isEqualTo(TaskModel.Status.COMPLETED);
        assertThat(task.getReasonForIncompletion()).isNull();
        SignedJWT jwt = SignedJWT.parse((String) task.getOutputData().get("token"));
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) TestKeys.RSA_2048.getPublic())))
                .isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("sub");
        assertThat(task.getOutputData()).containsEntry("keyId", "key-123");
    }

    @Test
    void failsTerminallyNamingTheMissingSecret() {
        TaskModel task = scheduled(null);

        systemTask.start(new WorkflowModel(), task, null);

        assertThat(task.getStatus()).isEqualTo(TaskModel.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(task.getReasonForIncompletion())
                .startsWith("privateKey: missing — does secret 'jwt-privatekey' exist?");
        assertThat(task.getOutputData()).isEmpty();
    }

    @Test
    void executeSignsOnlyATaskThatHasNotEnded() {
        TaskModel pending = scheduled(PEM);
        assertThat(systemTask.execute(new WorkflowModel(), pending, null)).isTrue();
        assertThat(pending.getStatus()).isEqualTo(TaskModel.Status.COMPLETED);

        Object token = pending.getOutputData().get("token");
        assertThat(systemTask.execute(new WorkflowModel(), pending, null)).isFalse();
        assertThat(pending.getOutputData().get("token")).isEqualTo(token);
    }

    @Test
    void isSynchronousSoConductorResolvesSecretsInTheDecideLoop() {
        assertThat(systemTask.isAsync()).isFalse();
        assertThat(systemTask.getTaskType()).isEqualTo("GET_SIGNED_JWT");
    }
}
