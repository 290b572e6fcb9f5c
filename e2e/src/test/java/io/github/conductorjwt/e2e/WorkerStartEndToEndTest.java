package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The worker jar refusing to start, as an operator sees it: one log line naming the setting or the
 * file and the rule, never the value (which may be a secret, or forge a log line), no stack trace.
 * It stops before it reaches any server, so none is started; nor for what it says at a start that
 * succeeds: its polls fail, start-up does not.
 */
class WorkerStartEndToEndTest {

    private static final Path WORKER_JAR = Path.of(System.getProperty("conductorjwt.worker.jar"));
    private static final String NO_SERVER = "http://127.0.0.1:9/api";

    @Test
    void aSecretWithALineBreakIsRefusedNamedAndNeverPrinted() {
        String secret = "s3cr3t-value\n[main] INFO forged";

        assertThatThrownBy(
                        () ->
                                WorkerProcess.start(
                                        WORKER_JAR,
                                        Map.of(
                                                "CONDUCTOR_SERVER_URL", NO_SERVER,
                                                "CONDUCTOR_AUTH_KEY", "key",
                                                "CONDUCTOR_AUTH_SECRET", secret)))
                .hasMessageContaining(
                        "Cannot start: CONDUCTOR_AUTH_SECRET must not contain control characters")
                .hasMessageNotContaining("s3cr3t-value")
                .hasMessageNotContaining("\tat ");
    }

    /** Every bad setting in the one line, so one failed start is enough to fix them all. */
    @Test
    void aUrlWithUserInfoAndAZeroThreadCountAreRefusedTogetherNamingBoth() {
        assertThatThrownBy(
                        () ->
                                WorkerProcess.start(
                                        WORKER_JAR,
                                        Map.of(
                                                "CONDUCTOR_SERVER_URL",
                                                "http://admin:hunter2@127.0.0.1:9/api",
                                                "CONDUCTOR_JWT_WORKER_THREADS",
                                                "0")))
                .hasMessageContaining(
                        "Cannot start: CONDUCTOR_SERVER_URL must be an http:// or https:// URL"
                                + " without user info, query or fragment, e.g."
                                + " http://localhost:8080/api; CONDUCTOR_JWT_WORKER_THREADS must"
                                + " be a whole number >= 1")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("\tat ");
    }

    @Test
    void aKeyFileThatHoldsNoPrivateKeyIsNamedWithoutQuotingIt() throws Exception {
        DemoKey key = DemoKey.rsa(2048);
        try (HeldKeyDir keys = HeldKeyDir.create().add("orders-api", "2026-11-01", key)) {
            Path file = keys.path().resolve("orders-api").resolve("2026-11-01.pem");
            String pem = Files.readString(file);
            // Keep the body, mislabel the block: a key that parses as none.
            Files.writeString(file, pem.replace("PRIVATE KEY", "CERTIFICATE"));

            assertThatThrownBy(
                            () ->
                                    WorkerProcess.start(
                                            WORKER_JAR,
                                            Map.of(
                                                    "CONDUCTOR_SERVER_URL",
                                                    NO_SERVER,
                                                    "CONDUCTOR_JWT_KEYS_DIR",
                                                    keys.path().toString())))
                    .hasMessageContaining("Cannot start: " + file + ": ")
                    .hasMessageNotContaining("\tat ")
                    .satisfies(
                            e -> {
                                for (String line : pem.split("\n")) {
                                    if (!line.startsWith("-----")) {
                                        assertThat(e.getMessage()).doesNotContain(line);
                                    }
                                }
                            });
        }
    }

    @Test
    void besideThePluginItPollsOnlyTheHeldKeyTasks() throws Exception {
        try (WorkerProcess worker =
                WorkerProcess.start(
                        WORKER_JAR,
                        Map.of(
                                "CONDUCTOR_SERVER_URL", NO_SERVER,
                                "CONDUCTOR_JWT_JWKS_ADDRESS", "off",
                                "CONDUCTOR_JWT_WORKER_TASK_TYPES", "GET_SIGNED_JWT_HELD_KEY"))) {
            assertThat(worker.log()).contains("Polling GET_SIGNED_JWT_HELD_KEY at " + NO_SERVER);
        }
    }

    /** Which provider signs and why, said once over the worker's whole life, and as a tag. */
    @Test
    void saysOnceWhichProviderSignsAndTagsItsMetric() throws Exception {
        int port = ChildProcesses.freeLoopbackPort();
        String log;
        try (WorkerProcess worker =
                WorkerProcess.start(
                        WORKER_JAR,
                        Map.of(
                                "CONDUCTOR_SERVER_URL",
                                NO_SERVER,
                                "CONDUCTOR_JWT_JWKS_ADDRESS",
                                "127.0.0.1:" + port))) {
            HttpResponse<String> metrics =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + port
                                                                    + "/metrics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body())
                    .containsPattern("conductor_jwt_provider\\{[^}]*provider=\"accp\"");
            worker.terminate();
            log = worker.log();
        }
        assertThat(log.split("Signing with accp: auto: ACCP ", -1)).as(log).hasSize(2);
        assertThat(log).as("the whole life, to the end").contains("Stopped");
    }
}
