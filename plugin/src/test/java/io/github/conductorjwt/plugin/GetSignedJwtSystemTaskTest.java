package io.github.conductorjwt.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.conductor.common.metadata.workflow.CacheConfig;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import com.netflix.conductor.model.TaskModel;
import com.netflix.conductor.model.WorkflowModel;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.core.TestKeys;
import io.github.conductorjwt.task.InputPreparer;
import io.github.conductorjwt.task.OutputCache;
import io.github.conductorjwt.task.SignedJwtTaskHandler;
import io.github.conductorjwt.task.SigningMetrics;
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
                            new JwtRequestReader(SigningPolicy.defaults()), new JwtSigner()),
                    ConductorFixtures.parametersUtils(),
                    ConductorFixtures.metadataDAO(null));

    /** The workflow the tasks below belong to, started with subject "sub". */
    private final WorkflowModel workflow = ConductorFixtures.workflow(Map.of("subject", "sub"));

    private static TaskModel scheduled(Object resolvedKey) {
        return scheduled("sub", resolvedKey);
    }

    /** The task as Conductor starts it: input evaluated, secrets resolved. */
    private static TaskModel scheduled(String resolvedSubject, Object resolvedKey) {
        Map<String, Object> declared = new HashMap<>();
        declared.put("subject", "${workflow.input.subject}");
        declared.put("issuer", "iss");
        declared.put("privateKey", ConductorFixtures.KEY_REFERENCE);
        declared.put("privateKeyId", "key-123");
        declared.put("audience", "aud");
        declared.put("ttlInSecond", 3600);
        WorkflowTask workflowTask = ConductorFixtures.workflowTask(declared);

        Map<String, Object> input = new HashMap<>(declared);
        input.put("subject", resolvedSubject);
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

        systemTask.start(workflow, task, null);

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

        systemTask.start(workflow, task, null);

        assertThat(task.getStatus()).isEqualTo(TaskModel.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(task.getReasonForIncompletion())
                .startsWith("privateKey: missing — does secret 'jwt-privatekey' exist?");
        assertThat(task.getOutputData()).isEmpty();
    }

    @Test
    void executeSignsOnlyATaskThatHasNotEnded() {
        TaskModel pending = scheduled(PEM);
        assertThat(systemTask.execute(workflow, pending, null)).isTrue();
        assertThat(pending.getStatus()).isEqualTo(TaskModel.Status.COMPLETED);

        Object token = pending.getOutputData().get("token");
        assertThat(systemTask.execute(workflow, pending, null)).isFalse();
        assertThat(pending.getOutputData().get("token")).isEqualTo(token);
    }

    @Test
    void refusesARetryWhoseInputCameThroughWorkflowDataAgain() {
        // Conductor's retries evaluate the input anew, without the mapper, and resolve what the
        // workflow was started with: here the key, as the subject.
        WorkflowModel smuggling =
                ConductorFixtures.workflow(Map.of("subject", ConductorFixtures.KEY_REFERENCE));
        TaskModel retry = scheduled(PEM, PEM);
        retry.setRetriedTaskId("task-0");
        retry.setRetryCount(1);

        systemTask.start(smuggling, retry, null);

        assertThat(retry.getStatus()).isEqualTo(TaskModel.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(retry.getReasonForIncompletion())
                .isEqualTo(
                        "subject: a ${workflow.secrets.*} reference arrived through workflow data;"
                                + " secrets are resolved only where the workflow definition writes"
                                + " them");
        assertThat(retry.getOutputData()).isEmpty();
    }

    @Test
    void leavesATaskTheMapperRefusedAsItIs() {
        TaskModel refused = scheduled(PEM);
        refused.setStatus(TaskModel.Status.FAILED_WITH_TERMINAL_ERROR);
        refused.setReasonForIncompletion("subject: refused");

        systemTask.start(workflow, refused, null);

        assertThat(refused.getStatus()).isEqualTo(TaskModel.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(refused.getReasonForIncompletion()).isEqualTo("subject: refused");
        assertThat(refused.getOutputData()).isEmpty();
    }

    @Test
    void reusesTheOutputUnderTheWorkflowTasksCacheConfigEvaluatedAgainstTheWorkflow() {
        GetSignedJwtSystemTask caching =
                new GetSignedJwtSystemTask(
                        new SignedJwtTaskHandler(
                                new JwtRequestReader(SigningPolicy.defaults()),
                                new JwtSigner(),
                                InputPreparer.NONE,
                                SigningMetrics.NONE,
                                new OutputCache(10)),
                        ConductorFixtures.parametersUtils(),
                        ConductorFixtures.metadataDAO(null));
        WorkflowModel acme = ConductorFixtures.workflow(Map.of("subject", "sub", "tenant", "acme"));
        WorkflowModel other =
                ConductorFixtures.workflow(Map.of("subject", "sub", "tenant", "other"));

        TaskModel first = cached(scheduled(PEM));
        caching.start(acme, first, null);
        TaskModel again = cached(scheduled(PEM));
        caching.start(acme, again, null);
        TaskModel otherTenant = cached(scheduled(PEM));
        caching.start(other, otherTenant, null);

        assertThat(again.getOutputData())
                .containsEntry("token", first.getOutputData().get("token"))
                .containsEntry("cached", true);
        assertThat(first.getOutputData()).doesNotContainKey("cached");
        assertThat(otherTenant.getOutputData().get("token"))
                .isNotEqualTo(first.getOutputData().get("token"));
    }

    @Test
    void aCacheConfigWithoutKeyFailsTerminallyNamingIt() {
        TaskModel task = scheduled(PEM);
        CacheConfig config = new CacheConfig();
        config.setTtlInSecond(300);
        task.getWorkflowTask().setCacheConfig(config);

        systemTask.start(workflow, task, null);

        assertThat(task.getStatus()).isEqualTo(TaskModel.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(task.getReasonForIncompletion()).startsWith("cacheConfig: key is required");
    }

    /** The task with ui-next's cacheConfig, keyed by a workflow input the task does not take. */
    private static TaskModel cached(TaskModel task) {
        CacheConfig config = new CacheConfig();
        config.setKey("${workflow.input.tenant}");
        config.setTtlInSecond(300);
        task.getWorkflowTask().setCacheConfig(config);
        return task;
    }

    @Test
    void isSynchronousSoConductorResolvesSecretsInTheDecideLoop() {
        assertThat(systemTask.isAsync()).isFalse();
        assertThat(systemTask.getTaskType()).isEqualTo("GET_SIGNED_JWT");
    }
}
