package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.conductorjwt.core.IndependentVerifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The worker's log never carries a task's data: neither its input (the private key the server
 * resolved) when signing throws, nor its output (the token, a bearer credential) when the server
 * cannot take the result. The conductor-oss client 6.0.0 logs the whole task at ERROR when a worker
 * throws, and the whole result when an update fails; these run the real worker jar against the real
 * stock server and scan the worker's log for what went in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerLogEndToEndTest {

    private static final DemoKey KEY = DemoKey.rsa(2048);
    private static final String EXAMPLE = "get_signed_jwt";
    private static final String FROM_INPUT = "jwt_log_from_input";
    private static final String HELD_KEY_FROM_INPUT = "jwt_log_held_key_from_input";
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private ConductorServer server;
    private ConductorApi api;

    @BeforeAll
    void startServer() {
        server = EndToEnd.serverSigningWith(KEY);
        api = EndToEnd.registered(server);
        WorkflowFiles workflows = EndToEnd.workflows();
        api.putWorkflowDefs(
                List.of(
                        WorkflowVariants.allFromInput(workflows.workflowDef(EXAMPLE), FROM_INPUT),
                        WorkflowVariants.allFromInput(
                                workflows.workflowDef("get_signed_jwt_held_key"),
                                HELD_KEY_FROM_INPUT)));
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anErrorDeepInsideReadingTheKeyFailsTheTaskAndLogsNothingOfIt() {
        String sentinel = sentinel();
        try (WorkerProcess worker =
                EndToEnd.startWorker(FailingKeyFactoryProvider.class, server.baseUri(), Map.of())) {

            JsonNode workflow = run(EXAMPLE, exampleInput(sentinel));

            assertThat(workflow.path("status").asText()).isEqualTo("FAILED");
            JsonNode task = lastTask(workflow);
            assertThat(task.path("status").asText()).isEqualTo("FAILED");
            assertThat(task.path("reasonForIncompletion").asText())
                    .contains("java.lang.StackOverflowError")
                    .doesNotContain(FailingKeyFactoryProvider.MESSAGE);
            assertThat(worker.isAlive()).isTrue();
            assertNoTaskData(worker.log(), sentinel);
        }
    }

    /**
     * Issue 12's input: its error message was a 2 GB string, built inside the handler; in a heap
     * sized as containers size it, that is an OutOfMemoryError.
     */
    @Test
    void theNumberThatRanOutOfMemoryFailsTheTaskLogsNoInputAndTheWorkerSignsOn() {
        String sentinel = sentinel();
        try (WorkerProcess worker =
                EndToEnd.startWorker(server.baseUri(), Map.of("JAVA_TOOL_OPTIONS", "-Xmx256m"))) {
            Map<String, Object> input = fromInput(sentinel);
            input.put("ttlInSecond", "1e2147483600");

            JsonNode workflow = run(FROM_INPUT, input);

            // Bad input, not a worker fault: refused once, naming the field, and never retried.
            assertThat(workflow.path("status").asText()).isEqualTo("FAILED");
            assertThat(workflow.path("tasks")).as("one attempt, not retried").hasSize(1);
            assertThat(lastTask(workflow).path("status").asText())
                    .isEqualTo("FAILED_WITH_TERMINAL_ERROR");
            assertThat(lastTask(workflow).path("reasonForIncompletion").asText())
                    .startsWith("ttlInSecond: must be ")
                    .doesNotContain("000000");
            JsonNode next = run(EXAMPLE, exampleInput("next-subject"));
            assertThat(next.path("status").asText()).isEqualTo("COMPLETED");
            IndependentVerifier.verify(next.path("output").path("token").asText(), KEY.publicKey());
            assertNoTaskData(worker.log(), sentinel);
        }
    }

    @Test
    void aTokenTheServerCouldNotTakeIsNotLogged() {
        String sentinel = sentinel();
        try (TaskUpdatesProxy proxy = TaskUpdatesProxy.refusing(server.baseUri());
                WorkerProcess worker = EndToEnd.startWorker(proxy.baseUri(), Map.of())) {
            String workflowId = api.startWorkflow(EXAMPLE, exampleInput(sentinel));
            try {
                // The client retries the update three times, then logs the result it holds.
                awaitLog(worker, "Failed to update result");
            } finally {
                api.terminate(workflowId);
            }

            assertThat(proxy.refusedUpdates()).isPositive();
            String log = worker.log();
            assertThat(log).as("a JWT: base64url of {\"").doesNotContain("eyJ");
            assertNoTaskData(log, sentinel);
        }
    }

    @Test
    void aLineBreakInKeyNameOrAlgorithmForgesNoLineInTheWorkerLog() {
        String forged = "[main] INFO io.github.conductorjwt.worker.WorkerMain - " + sentinel();
        try (HeldKeyWorker worker = HeldKeyWorker.start(server.baseUri())) {
            Map<String, Object> badName = heldKeyInput(HeldKeyWorker.KEY_NAME + "\n" + forged);
            Map<String, Object> badAlgorithm = heldKeyInput(HeldKeyWorker.KEY_NAME);
            badAlgorithm.put("algorithm", "PS256\r\n" + forged);

            JsonNode byName = run(HELD_KEY_FROM_INPUT, badName);
            JsonNode byAlgorithm = run(HELD_KEY_FROM_INPUT, badAlgorithm);

            assertThat(lastTask(byName).path("status").asText())
                    .isEqualTo("FAILED_WITH_TERMINAL_ERROR");
            assertThat(lastTask(byName).path("reasonForIncompletion").asText())
                    .startsWith("keyName: ")
                    .doesNotContain(forged);
            assertThat(lastTask(byAlgorithm).path("status").asText())
                    .isEqualTo("FAILED_WITH_TERMINAL_ERROR");
            assertThat(lastTask(byAlgorithm).path("reasonForIncompletion").asText())
                    .startsWith("algorithm: ")
                    .doesNotContain(forged);
            assertThat(worker.log()).doesNotContain(forged);
        }
    }

    /** Neither the sentinel the task's input carried nor any line of the key. */
    private static void assertNoTaskData(String log, String sentinel) {
        assertThat(log).doesNotContain(sentinel);
        List<String> keyLines =
                Arrays.stream(KEY.privateKeyPem().split("\n"))
                        .filter(line -> !line.startsWith("-----"))
                        .toList();
        assertThat(keyLines).isNotEmpty();
        for (String line : keyLines) {
            assertThat(log).doesNotContain(line);
        }
    }

    private static String sentinel() {
        return "sentinel-" + UUID.randomUUID();
    }

    private static Map<String, Object> exampleInput(String subject) {
        Map<String, Object> input = GetSignedJwtContract.exampleInput("read");
        input.put("subject", subject);
        return input;
    }

    private static Map<String, Object> fromInput(String subject) {
        Map<String, Object> input = GetSignedJwtContract.fromInput();
        input.put("subject", subject);
        return input;
    }

    private static Map<String, Object> heldKeyInput(String keyName) {
        Map<String, Object> input = new HashMap<>();
        input.put("keyName", keyName);
        input.put("subject", "orders-service");
        input.put("issuer", "https://issuer.conductor-jwt.test");
        input.put("audience", "https://orders.conductor-jwt.test");
        input.put("ttlInSecond", 300);
        input.put("algorithm", "RS256");
        return input;
    }

    private JsonNode run(String workflowName, Map<String, ?> input) {
        return api.awaitEnd(api.startWorkflow(workflowName, input), TIMEOUT);
    }

    private static JsonNode lastTask(JsonNode workflow) {
        JsonNode tasks = workflow.path("tasks");
        assertThat(tasks).isNotEmpty();
        return tasks.path(tasks.size() - 1);
    }

    private static void awaitLog(WorkerProcess worker, String text) {
        await("worker logs '" + text + "'")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> worker.log().contains(text));
    }
}
