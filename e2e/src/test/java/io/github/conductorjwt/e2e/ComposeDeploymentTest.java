package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.conductorjwt.core.IndependentVerifier;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitStrategy;

/**
 * docker-compose.yml itself, brought up with the local {@code docker compose} where a Docker engine
 * runs: PostgreSQL, both nodes, the worker and the registration; the Orkes example then runs on
 * both nodes and every token verifies. Where no engine answers it is skipped, saying so, before
 * anything starts; {@link ClusterEndToEndTest} runs the same deployment on an embedded PostgreSQL.
 */
@EnabledIf(
        value = "dockerEngineRuns",
        disabledReason =
                "no Docker engine answers here (a docker client alone is not enough);"
                        + " ClusterEndToEndTest runs the same deployment without Docker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeDeploymentTest {

    private static final Path REPO = Path.of(System.getProperty("conductorjwt.repo.dir"));
    private static final List<String> NODES = List.of("conductor-a", "conductor-b");
    private static final int SERVER_PORT = 8080;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private ComposeContainer compose;

    static boolean dockerEngineRuns() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @BeforeAll
    void composeUp() {
        compose =
                new ComposeContainer(REPO.resolve("docker-compose.yml").toFile())
                        .withEnv(
                                Map.of(
                                        "JWT_PRIVATE_KEY",
                                        GetSignedJwtContract.KEY.privateKeyPem(),
                                        "POSTGRES_PASSWORD",
                                        "compose-deployment-test"))
                        .waitingFor(
                                "register-workflows",
                                Wait.forLogMessage(".*registered the workflows.*", 1)
                                        .withStartupTimeout(START_TIMEOUT))
                        .withRemoveVolumes(true);
        for (String node : NODES) {
            compose = compose.withExposedService(node, SERVER_PORT, healthy());
        }
        compose.start();
    }

    @AfterAll
    void composeDown() {
        if (compose != null) {
            compose.stop();
        }
    }

    @Test
    void theExampleRunsOnBothNodesAndEveryTokenVerifies() {
        List<ConductorApi> apis =
                NODES.stream()
                        .map(
                                node ->
                                        new ConductorApi(
                                                URI.create(
                                                        "http://"
                                                                + compose.getServiceHost(
                                                                        node, SERVER_PORT)
                                                                + ":"
                                                                + compose.getServicePort(
                                                                        node, SERVER_PORT))))
                        .toList();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(
                    apis.get(i % 2)
                            .startWorkflow(
                                    GetSignedJwtContract.EXAMPLE,
                                    GetSignedJwtContract.exampleInput("read")));
        }

        Set<String> jtis = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            JsonNode workflow =
                    apis.get((i + 1) % 2)
                            .awaitEnd(ids.get(i), GetSignedJwtContract.WORKFLOW_TIMEOUT);
            assertThat(workflow.path("status").asText())
                    .as(workflow.path("reasonForIncompletion").asText())
                    .isEqualTo("COMPLETED");
            String token = workflow.path("output").path("token").asText();
            String jti =
                    IndependentVerifier.claims(token, GetSignedJwtContract.KEY.publicKey())
                            .getJWTID();
            assertThat(jtis.add(jti)).isTrue();
        }
    }

    private static WaitStrategy healthy() {
        return Wait.forHttp("/health")
                .forResponsePredicate(body -> body.contains("\"healthy\":true"))
                .withStartupTimeout(START_TIMEOUT);
    }
}
