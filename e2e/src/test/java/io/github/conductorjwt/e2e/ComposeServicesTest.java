package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.github.conductorjwt.core.IndependentVerifier;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * docker-compose.yml's own services run without Docker: each service's command line (or entrypoint)
 * and environment, read from the file and its variables interpolated as compose does, run as child
 * processes on this machine, with the containers' addresses and mounts mapped to local ones.
 * PostgreSQL is the embedded one (the postgres image's database and user made as its entry point
 * makes them from the service's environment); node A runs the file's java command with the plugin
 * (node B's is the same, which {@link ComposeFileTest} checks: one start saved); the registration
 * runs the file's shell script with the local curl; the worker runs the file's command, holding a
 * key in the mounted keys folder. A broken compose file (a setting, a command, a path, the script)
 * fails here, in the default build; {@link ComposeDeploymentTest} brings the same file up with
 * Docker where an engine runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeServicesTest {

    private static final Path REPO = Path.of(System.getProperty("conductorjwt.repo.dir"));
    private static final Path COMPOSE = REPO.resolve("docker-compose.yml");
    private static final DemoKey KEY = GetSignedJwtContract.KEY;
    private static final String POSTGRES_PASSWORD = "compose-services-test";

    /** The postgres image's port: the address the nodes' JDBC URL names. */
    private static final int POSTGRES_PORT = 5432;

    private static final String REGISTERED = "registered the workflows";
    private static final String KEY_NAME = "orders-api";
    private static final String KID = "2026-11-01";
    private static final DemoKey HELD_KEY = DemoKey.rsa(2048);
    private static final Duration REGISTRATION_TIMEOUT = Duration.ofMinutes(2);

    private final Map<String, String> variables =
            Map.of("POSTGRES_PASSWORD", POSTGRES_PASSWORD, "JWT_PRIVATE_KEY", KEY.privateKeyPem());
    private final ComposeFile compose = ComposeFile.read(COMPOSE, variables);

    private EmbeddedPostgres postgres;
    private ConductorServer node;
    private HeldKeyDir keys;
    private WorkerProcess worker;
    private URI jwksUrl;
    private Registration registration;

    @BeforeAll
    void composeUp() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        createDatabase(compose.service("postgres").environment());
        node = startNode("conductor-a", "127.0.0.1:" + postgres.getPort());
        registration = register(REPO.resolve("workflows"));
        keys = HeldKeyDir.create().add(KEY_NAME, KID, HELD_KEY).writtenAgo(Duration.ofDays(1));
        int jwksPort = ChildProcesses.freeLoopbackPort();
        ComposeFile.Service service =
                compose.service("worker")
                        .at(nodeAddress(), localAddress())
                        .at(
                                "0.0.0.0:" + compose.service("worker").containerPort(),
                                "127.0.0.1:" + jwksPort)
                        .mounting("/keys", keys.path());
        worker = WorkerProcess.start(javaJar(service.command()), service.environment());
        jwksUrl = URI.create("http://127.0.0.1:" + jwksPort + "/.well-known/jwks.json");
    }

    @AfterAll
    void composeDown() throws IOException {
        if (worker != null) {
            worker.close();
        }
        if (keys != null) {
            keys.close();
        }
        if (node != null) {
            node.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void theRegistrationRegistersEveryDefinitionAndSaysSo() {
        assertThat(registration.exitCode()).as(registration.output()).isZero();
        assertThat(registration.output()).contains(REGISTERED);
    }

    @Test
    void theExampleRunsOnTheNodeWithTheKeyFromTheEnvironment() {
        ConductorApi api = new ConductorApi(node.baseUri());
        JsonNode workflow =
                api.awaitEnd(
                        api.startWorkflow(
                                GetSignedJwtContract.EXAMPLE,
                                GetSignedJwtContract.exampleInput("read")),
                        GetSignedJwtContract.WORKFLOW_TIMEOUT);

        assertThat(workflow.path("status").asText())
                .as(workflow.path("reasonForIncompletion").asText())
                .isEqualTo("COMPLETED");
        IndependentVerifier.verify(workflow.path("output").path("token").asText(), KEY.publicKey());
        assertThat(workflow.path("tasks").path(0).path("workerId").asText())
                .as("signed by the node's plugin, not the worker")
                .isEmpty();
    }

    @Test
    void theWorkerSignsWithAHeldKeyAndPublishesItOnTheMappedPort() throws Exception {
        ConductorApi api = new ConductorApi(node.baseUri());
        JsonNode workflow =
                api.awaitEnd(
                        api.startWorkflow(
                                "get_signed_jwt_held_key",
                                Map.of(
                                        "keyName", KEY_NAME,
                                        "subject", "orders-service",
                                        "issuer", "https://issuer.conductor-jwt.test",
                                        "audience", "https://orders.conductor-jwt.test",
                                        "scope", "orders.read")),
                        GetSignedJwtContract.WORKFLOW_TIMEOUT);

        assertThat(workflow.path("status").asText())
                .as(workflow.path("reasonForIncompletion").asText())
                .isEqualTo("COMPLETED");
        SignedJWT token = SignedJWT.parse(workflow.path("output").path("token").asText());
        assertThat(token.getHeader().getKeyID()).isEqualTo(KID);
        RSAKey published = (RSAKey) JWKSet.load(jwksUrl.toURL()).getKeyByKeyId(KID);
        assertThat(token.verify(new RSASSAVerifier(published))).isTrue();
        IndependentVerifier.verify(token.serialize(), HELD_KEY.publicKey());
    }

    /**
     * Node A's healthcheck (node B waits on it) passes on the running node and fails where nothing
     * answers.
     */
    @Test
    void theNodesHealthcheckPassesOnlyOnAHealthyNode() throws Exception {
        String inContainer = "127.0.0.1/" + compose.service("conductor-a").containerPort();
        URI base = node.baseUri();
        List<String> healthy =
                compose.service("conductor-a")
                        .at(inContainer, base.getHost() + "/" + base.getPort())
                        .healthcheck();
        List<String> nobody =
                compose.service("conductor-a")
                        .at(inContainer, "127.0.0.1/" + ChildProcesses.freeLoopbackPort())
                        .healthcheck();

        assertThat(exitCode(healthy)).as(String.join(" ", healthy)).isZero();
        assertThat(exitCode(nobody)).as(String.join(" ", nobody)).isNotZero();
    }

    private static int exitCode(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running after 30 s: " + command);
        }
        return process.exitValue();
    }

    /** A definition the node refuses: the script stops, says which, and exits non-zero. */
    @Test
    void aDefinitionTheNodeRefusesFailsTheRegistrationLoudly() throws IOException {
        Path workflows = Files.createTempDirectory("compose-workflows-");
        try {
            Files.createDirectories(workflows.resolve("taskdefs"));
            Files.copy(
                    REPO.resolve("workflows/taskdefs/get_signed_jwt.json"),
                    workflows.resolve("taskdefs/get_signed_jwt.json"));
            // No name and no tasks: Conductor answers 400.
            Files.writeString(workflows.resolve("broken.json"), "{\"description\": \"no name\"}");

            Registration refused = register(workflows);

            assertThat(refused.exitCode()).as(refused.output()).isNotZero();
            assertThat(refused.output())
                    .doesNotContain(REGISTERED)
                    .contains("could not register " + workflows.resolve("broken.json"));
        } finally {
            HeldKeyDir.deleteRecursively(workflows);
        }
    }

    /** The postgres image's entry point: the service's user, password and database. */
    private void createDatabase(Map<String, String> environment) throws SQLException {
        String user = environment.get("POSTGRES_USER");
        String password = environment.get("POSTGRES_PASSWORD");
        assertThat(password).isEqualTo(POSTGRES_PASSWORD);
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute(
                    "CREATE ROLE \""
                            + user
                            + "\" LOGIN PASSWORD '"
                            + password.replace("'", "''")
                            + "'");
            sql.execute(
                    "CREATE DATABASE \""
                            + environment.get("POSTGRES_DB")
                            + "\" OWNER \""
                            + user
                            + "\"");
        }
    }

    /**
     * The node's command as the file writes it, {@code java -D... -cp <jar> <main> --settings}, run
     * by {@link ConductorServer} on a free port with the service's environment.
     */
    private ConductorServer startNode(String name, String database) {
        ComposeFile.Service service =
                compose.service(name).at("postgres:" + POSTGRES_PORT, database);
        List<String> command = service.command();
        assertThat(command.get(0)).isEqualTo("java");
        assertThat(command.get(1)).startsWith("-Dloader.path=");
        assertThat(command.get(2)).isEqualTo("-cp");
        assertThat(command.get(4)).isEqualTo(ConductorServer.LAUNCHER);
        List<String> settings = command.subList(5, command.size());
        assertThat(settings).allSatisfy(setting -> assertThat(setting).startsWith("--"));
        ConductorServer node =
                ConductorServer.start(
                        Path.of(command.get(3)),
                        Path.of(command.get(1).substring("-Dloader.path=".length())),
                        service.environment(),
                        settings,
                        null,
                        command.get(4));
        System.out.printf("compose %s healthy after %s%n", name, node.startTime());
        return node;
    }

    /** Node A's address inside the compose network, as the worker and the registration name it. */
    private String nodeAddress() {
        return "conductor-a:" + compose.service("conductor-a").containerPort();
    }

    private String localAddress() {
        URI base = node.baseUri();
        return base.getHost() + ":" + base.getPort();
    }

    /** The jar of a {@code java -jar <jar>} command. */
    private static Path javaJar(List<String> command) {
        assertThat(command).hasSize(3).startsWith("java", "-jar");
        return Path.of(command.get(2));
    }

    /** The registration's entrypoint, with {@code workflows} mounted at /workflows. */
    private Registration register(Path workflows) {
        ComposeFile.Service service =
                compose.service("register-workflows")
                        .at(nodeAddress(), localAddress())
                        .mounting("/workflows", workflows);
        try {
            Process process =
                    new ProcessBuilder(service.entrypoint()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            CompletableFuture<String> output =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return new String(
                                            process.getInputStream().readAllBytes(),
                                            StandardCharsets.UTF_8);
                                } catch (IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            });
            if (!process.waitFor(REGISTRATION_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(
                        "registration still running after " + REGISTRATION_TIMEOUT);
            }
            return new Registration(process.exitValue(), output.join());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Registration(int exitCode, String output) {}
}
