package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this checks what it can: every file it
 * mounts exists after the build, and the services are wired as the README says. The same start-up
 * runs without Docker in the e2e tests and the demo.
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
    void theServerLoadsThePluginAndTheSecretAndTheWorkerFindsTheServer() throws IOException {
        JsonNode services = compose().path("services");
        JsonNode conductor = services.path("conductor");
        JsonNode worker = services.path("worker");

        List<String> command = new ArrayList<>();
        conductor.path("command").forEach(part -> command.add(part.asText()));
        assertThat(command)
                .contains(
                        "-Dloader.path=/plugins",
                        "/app/conductor-server-boot.jar",
                        "org.springframework.boot.loader.launch.PropertiesLauncher");
        // The settings the tests and the demo run the server with: no secret values over HTTP.
        assertThat(command).containsAll(ConductorServer.DOCUMENTED_SETTINGS);
        assertThat(conductor.path("environment").has("CONDUCTOR_SECRET_jwt-privatekey")).isTrue();
        assertThat(worker.path("environment").path("CONDUCTOR_SERVER_URL").asText())
                .isEqualTo("http://conductor:8080/api");
        assertThat(worker.path("command").toString()).contains("/app/conductor-jwt-worker.jar");
        assertThat(services.path("register-workflows").path("entrypoint").toString())
                .contains("/api/metadata/workflow", "/api/metadata/taskdefs");
    }
}
