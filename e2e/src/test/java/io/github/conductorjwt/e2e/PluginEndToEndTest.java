package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract on the stock Conductor OSS server with our plugin jar on its loader.path, the
 * docker-compose.yml topology: the plugin signs tasks that carry their key, and hands those that
 * name a held key to the worker.
 */
class PluginEndToEndTest extends GetSignedJwtContract {

    @Override
    protected Conductor startConductor(Map<String, String> serverEnvironment) {
        ConductorServer server =
                ConductorServer.start(
                        Path.of(System.getProperty("conductorjwt.server.jar")),
                        Path.of(System.getProperty("conductorjwt.plugin.dir")),
                        serverEnvironment);
        System.out.printf("Conductor server with plugin healthy after %s%n", server.startTime());
        this.server = server;
        return ServerOnly.start(server);
    }

    private ConductorServer server;

    @Test
    void theServerCountsTokensAndRefusalsInItsPrometheusMetrics() throws Exception {
        run(EXAMPLE, exampleInput("read"));
        Map<String, Object> bad = fromInput();
        bad.put("ttlInSecond", 0);
        run("jwt_from_input", bad);

        HttpResponse<String> metrics =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                server.baseUri().resolve("/actuator/prometheus"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern(
                        "conductor_jwt_signed_seconds_count\\{[^}]*algorithm=\"RS256\"[^}]*} [1-9]")
                .containsPattern(
                        "conductor_jwt_refused_total\\{[^}]*field=\"ttlInSecond\"[^}]*} [1-9]");
        assertNoKeyText(metrics.body(), KEY.privateKeyPem());
    }
}
