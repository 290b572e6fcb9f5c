package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, the production deployment, checked where no Docker engine runs: every file it
 * mounts exists after the build, and its services are wired as the README says, with the settings
 * {@link PostgresSettings} gives the cluster the e2e tests start without Docker. {@code
 * ComposeDeploymentTest} runs the file itself where Docker runs.
 */
class ComposeFileTest {

    private static final Path REPO = Path.of(System.getProperty("conductorjwt.repo.dir"));

    private static JsonNode compose() throws IOException {
        return new ObjectMapper(new YAMLFactory())
                .readTree(REPO.resolve("docker-compose.yml").toFile());
    }

    private static List<String> hostPaths(JsonNode service) {
        List<String> paths = new ArrayList<>();
        service.path("volumes")
                .forEach(
                        volume -> {
                            String host = volume.asText().split(":")[0];
                            if (host.startsWith("./")) {
                                paths.add(host);
                            }
                        });
        return paths;
    }

    @Test
    void everyMountedPathExistsAfterTheBuild() throws IOException {
        List<String> paths = new ArrayList<>();
        compose().path("services").forEach(service -> paths.addAll(hostPaths(service)));

        assertThat(paths)
                .contains(
                        "./e2e/target/conductor-server/conductor-server-boot.jar",
                        "./e2e/target/plugin",
                        "./worker/target/conductor-jwt-worker.jar",
                        "./workflows",
                        "./keys");
        assertThat(paths).allSatisfy(path -> assertThat(REPO.resolve(path)).exists());
        try (var jars = Files.list(REPO.resolve("e2e/target/plugin"))) {
            assertThat(jars.map(p -> p.getFileName().toString()))
                    .singleElement()
                    .satisfies(
                            name ->
                                    assertThat(name)
                                            .startsWith("conductor-jwt-plugin-")
                                            .endsWith(".jar"));
        }
    }

    @Test
    void twoNodesRunThePluginTheSecretAndTheClusterSettingsOnTheComposePostgres()
            throws IOException {
        JsonNode services = compose().path("services");
        JsonNode postgres = services.path("postgres").path("environment");
        List<JsonNode> nodes = List.of(services.path("conductor-a"), services.path("conductor-b"));

        // What ClusterEndToEndTest starts on its embedded PostgreSQL, pointed at the service.
        List<String> settings =
                PostgresSettings.forDatabase(
                        "jdbc:postgresql://postgres:5432/" + postgres.path("POSTGRES_DB").asText(),
                        postgres.path("POSTGRES_USER").asText(),
                        postgres.path("POSTGRES_PASSWORD").asText());
        for (JsonNode node : nodes) {
            List<String> command = new ArrayList<>();
            node.path("command").forEach(part -> command.add(part.asText()));
            assertThat(command)
                    .contains(
                            "-Dloader.path=/plugins",
                            "/app/conductor-server-boot.jar",
                            "org.springframework.boot.loader.launch.PropertiesLauncher")
                    .containsAll(settings);
            assertThat(node.path("environment").has("CONDUCTOR_SECRET_jwt-privatekey")).isTrue();
            assertThat(node.path("depends_on").path("postgres").path("condition").asText())
                    .isEqualTo("service_healthy");
        }
        // B starts once A has migrated the database: started together, one can fail in Flyway.
        assertThat(nodes.get(1).path("depends_on").path("conductor-a").path("condition").asText())
                .isEqualTo("service_healthy");
        // Every node alike: the plugin and the secret on every node.
        for (String field : List.of("image", "command", "environment", "volumes", "healthcheck")) {
            assertThat(nodes.get(1).path(field)).as(field).isEqualTo(nodes.get(0).path(field));
        }
        assertThat(nodes.get(0).path("ports")).isNotEqualTo(nodes.get(1).path("ports"));
    }

    @Test
    void theWorkerAndTheRegistrationReachANode() throws IOException {
        JsonNode services = compose().path("services");
        JsonNode worker = services.path("worker");

        assertThat(worker.path("environment").path("CONDUCTOR_SERVER_URL").asText())
                .isEqualTo("http://conductor-a:8080/api");
        assertThat(worker.path("command").toString()).contains("/app/conductor-jwt-worker.jar");
        assertThat(worker.path("environment").path("CONDUCTOR_JWT_WORKER_TASK_TYPES").asText())
                .as(
                        "the plugin nodes run GET_SIGNED_JWT and VERIFY_JWT; the worker the held-key tasks")
                .isEqualTo("GET_SIGNED_JWT_HELD_KEY,VERIFY_JWT_HELD_KEY");
        assertThat(services.path("register-workflows").path("entrypoint").toString())
                .contains(
                        "http://conductor-a:8080/api/metadata/workflow",
                        "http://conductor-a:8080/api/metadata/taskdefs");
    }

    /** As compose reads the file: what ComposeServicesTest runs is what Docker would. */
    @Test
    void variablesAreInterpolatedAsComposeDoes() {
        Map<String, String> variables = Map.of("SET", "value", "EMPTY", "");

        assertThat(ComposeFile.interpolate("a $$f and $$(cat x) ${SET} $SET", variables))
                .isEqualTo("a $f and $(cat x) value value");
        assertThat(ComposeFile.interpolate("${EMPTY:-d} ${EMPTY-d} ${UNSET-d}", variables))
                .isEqualTo("d  d");
        assertThatThrownBy(() -> ComposeFile.interpolate("${UNSET:?set UNSET}", variables))
                .hasMessage("required variable UNSET is missing: set UNSET");
        assertThatThrownBy(() -> ComposeFile.interpolate("${EMPTY:?set EMPTY}", variables))
                .hasMessage("required variable EMPTY is missing: set EMPTY");
    }

    /**
     * On SIGTERM the worker finishes its tasks for 6 s and then waits up to 30 s for a busy
     * server's late answers: Docker's default 10 s would kill it before it hands their tasks back.
     */
    @Test
    void theWorkerIsGivenTimeToDrainBeforeDockerKillsIt() throws IOException {
        String grace = compose().path("services").path("worker").path("stop_grace_period").asText();
        assertThat(grace).matches("\\d+s");
        assertThat(Integer.parseInt(grace.replace("s", ""))).isGreaterThan(6 + 30);
    }
}
