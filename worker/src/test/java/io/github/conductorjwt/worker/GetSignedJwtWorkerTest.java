package io.github.conductorjwt.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
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

/** The worker on the conductor-oss client's own task model, as a poll hands it over. */
class GetSignedJwtWorkerTest {

    private final GetSignedJwtWorker worker =
            new GetSignedJwtWorker(
                    "GET_SIGNED_JWT",
                    new SignedJwtTaskHandler(
                            new JwtRequestReader(SigningPolicy.defaults()), new JwtSigner()),
                    100);

    private static Task polled(Object resolvedKey) {
        Map<String, Object> declared = new HashMap<>();
        declared.put("subject", "sub");
        declared.put("issuer", "iss");
        declared.put("audience", "aud");
        declared.put("privateKey", "${workflow.secrets.jwt-privatekey}");
        declared.put("ttlInSecond", 60);
        WorkflowTask workflowTask = new WorkflowTask();
        workflowTask.setInputParameters(declared);
        Task task = new Task();
        task.setTaskId("t-1");
        task.setWorkflowInstanceId("w-1");
        task.setStatus(Task.Status.IN_PROGRESS);
        task.setWorkflowTask(workflowTask);
        Map<String, Object> input = new HashMap<>(declared);
        input.put("privateKey", resolvedKey);
        task.setInputData(input);
        return task;
    }

    @Test
    void completesWithAVerifiableToken() throws Exception {
        TaskResult result = worker.execute(polled(TestKeys.pkcs8Pem(TestKeys.RSA_2048)));

        assertThat(result.getStatus()).isEqualTo(TaskResult.Status.COMPLETED);
        assertThat(result.getTaskId()).isEqualTo("t-1");
        SignedJWT jwt = SignedJWT.parse((String) result.getOutputData().get("token"));
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) TestKeys.RSA_2048.getPublic())))
                .isTrue();
    }

    @Test
    void failsTerminallyNamingTheMissingSecret() {
        TaskResult result = worker.execute(polled(null));

        assertThat(result.getStatus()).isEqualTo(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(result.getReasonForIncompletion())
                .startsWith("privateKey: missing — does secret 'jwt-privatekey' exist?");
        assertThat(result.getOutputData()).isEmpty();
    }
}
