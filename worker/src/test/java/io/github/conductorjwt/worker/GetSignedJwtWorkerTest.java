package io.github.conductorjwt.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.conductor.common.config.ObjectMapperProvider;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
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

    /**
     * ui-next's cacheConfig, keyed by a workflow input: the worker sees the task only, and finds
     * the reference's value through the input that declares it.
     */
    @Test
    void reusesTheOutputUnderTheWorkflowTasksCacheConfig() {
        GetSignedJwtWorker caching =
                new GetSignedJwtWorker(
                        "GET_SIGNED_JWT",
                        new SignedJwtTaskHandler(
                                new JwtRequestReader(SigningPolicy.defaults()),
                                new JwtSigner(),
                                InputPreparer.NONE,
                                SigningMetrics.NONE,
                                new OutputCache(10)),
                        100);

        TaskResult first = caching.execute(cached(polled(TestKeys.pkcs8Pem(TestKeys.RSA_2048))));
        TaskResult again = caching.execute(cached(polled(TestKeys.pkcs8Pem(TestKeys.RSA_2048))));

        assertThat(first.getStatus()).isEqualTo(TaskResult.Status.COMPLETED);
        assertThat(again.getOutputData())
                .containsEntry("token", first.getOutputData().get("token"))
                .containsEntry("cached", true);
        assertThat(first.getOutputData()).doesNotContainKey("cached");
    }

    private static Task cached(Task task) {
        task.getWorkflowTask().getInputParameters().put("audience", "${workflow.input.audience}");
        WorkflowTask.CacheConfig config = new WorkflowTask.CacheConfig();
        config.setKey("${workflow.input.audience}");
        config.setTtlInSecond(300);
        task.getWorkflowTask().setCacheConfig(config);
        return task;
    }

    @Test
    void failsTerminallyNamingTheMissingSecret() {
        TaskResult result = worker.execute(polled(null));

        assertThat(result.getStatus()).isEqualTo(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(result.getReasonForIncompletion())
                .startsWith("privateKey: missing — does secret 'jwt-privatekey' exist?");
        assertThat(result.getOutputData()).isEmpty();
    }

    private static final String SENTINEL = "sentinel-subject-4711";

    private static GetSignedJwtWorker workerWith(InputPreparer preparer, SigningMetrics metrics) {
        return new GetSignedJwtWorker(
                "GET_SIGNED_JWT",
                new SignedJwtTaskHandler(
                        new JwtRequestReader(SigningPolicy.defaults()),
                        new JwtSigner(),
                        preparer,
                        metrics),
                100);
    }

    private static Task polledWithSentinel() {
        Task task = polled(TestKeys.pkcs8Pem(TestKeys.RSA_2048));
        task.getInputData().put("subject", SENTINEL);
        return task;
    }

    /** What the client would print of the task and of the result, were anything to fail. */
    private static void assertPrintsNoTaskData(Task task, TaskResult result) {
        String pem = TestKeys.pkcs8Pem(TestKeys.RSA_2048);
        String keyLine = pem.split("\n")[1];
        assertThat(task.toString()).doesNotContain(SENTINEL, keyLine);
        assertThat(result.toString()).doesNotContain(SENTINEL, keyLine, "eyJ");
    }

    @Test
    void anErrorInsideTheHandlerFailsTheTaskNamingItsTypeOnly() {
        GetSignedJwtWorker failing =
                workerWith(
                        input -> {
                            throw new StackOverflowError("deep " + input);
                        },
                        SigningMetrics.NONE);
        Task task = polledWithSentinel();

        TaskResult result = failing.execute(task);

        assertThat(result.getStatus()).isEqualTo(TaskResult.Status.FAILED);
        assertThat(result.getReasonForIncompletion())
                .contains("java.lang.StackOverflowError")
                .doesNotContain("deep", SENTINEL);
        assertThat(result.getOutputData()).isEmpty();
        assertPrintsNoTaskData(task, result);
    }

    @Test
    void anErrorThatEscapesTheHandlerItselfFailsTheTaskNamingItsTypeOnly() {
        // The handler's own catch fails: its metrics throw while it reports a refusal.
        SigningMetrics broken =
                new SigningMetrics() {
                    @Override
                    public void signed(String algorithm, java.time.Duration took) {}

                    @Override
                    public void refused(java.util.List<String> fields) {
                        throw new OutOfMemoryError("while reporting " + fields);
                    }

                    @Override
                    public void failed(String exceptionType) {
                        throw new OutOfMemoryError("while reporting " + exceptionType);
                    }
                };
        Task task = polledWithSentinel();
        task.getInputData().put("ttlInSecond", 0);

        TaskResult result = workerWith(InputPreparer.NONE, broken).execute(task);

        assertThat(result.getStatus()).isEqualTo(TaskResult.Status.FAILED);
        assertThat(result.getReasonForIncompletion())
                .isEqualTo("signing failed: java.lang.OutOfMemoryError");
        assertThat(result.getOutputData()).isEmpty();
        assertPrintsNoTaskData(task, result);
    }

    @Test
    void onceHandledTheTaskAndResultPrintNoValuesButTheResultStillCarriesTheToken() {
        Task task = polledWithSentinel();

        TaskResult result = worker.execute(task);

        assertThat(result.getStatus()).isEqualTo(TaskResult.Status.COMPLETED);
        assertThat((String) result.getOutputData().get("token")).startsWith("eyJ");
        assertPrintsNoTaskData(task, result);
        assertThat(result.toString()).contains("t-1", "COMPLETED", "token");
    }

    @Test
    void theResultGoesOverTheWireExactlyAsTheClientsOwn() throws Exception {
        TaskResult result = worker.execute(polled(TestKeys.pkcs8Pem(TestKeys.RSA_2048)));
        TaskResult plain = new TaskResult();
        plain.setTaskId(result.getTaskId());
        plain.setWorkflowInstanceId(result.getWorkflowInstanceId());
        plain.setStatus(result.getStatus());
        plain.setReasonForIncompletion(result.getReasonForIncompletion());
        plain.setOutputData(result.getOutputData());
        plain.setCallbackAfterSeconds(result.getCallbackAfterSeconds());
        plain.setWorkerId(result.getWorkerId());
        plain.setExecutionMetadata(result.getExecutionMetadata());
        ObjectMapper json = new ObjectMapperProvider().getObjectMapper();

        assertThat(json.readTree(json.writeValueAsString(result)))
                .isEqualTo(json.readTree(json.writeValueAsString(plain)));
    }
}
