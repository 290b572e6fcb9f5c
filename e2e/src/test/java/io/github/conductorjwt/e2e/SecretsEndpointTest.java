package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@link ConductorServer#DOCUMENTED_SETTINGS} protect against, on the stock server run as it
 * ships: its API hands out any secret, and our plugin says so once at start-up. (The documented
 * configuration is checked in {@link PluginEndToEndTest}.)
 */
class SecretsEndpointTest {

    /** The start of the plugin's start-up warning. */
    static final String WARNING = "conductor-jwt: this Conductor server serves secret values";

    private static final DemoKey KEY = DemoKey.rsa(2048);

    @Test
    void asShippedTheServerHandsOutTheKeyAndThePluginWarnsOnce() throws Exception {
        try (ConductorServer server =
                ConductorServer.start(
                        Path.of(System.getProperty("conductorjwt.server.jar")),
                        Path.of(System.getProperty("conductorjwt.plugin.dir")),
                        Map.of("CONDUCTOR_SECRET_jwt-privatekey", KEY.privateKeyPem()),
                        List.of())) {
            HttpResponse<String> secret =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    server.baseUri()
                                                            .resolve("/api/secrets/jwt-privatekey"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());

            assertThat(secret.statusCode()).isEqualTo(200);
            assertThat(secret.body().strip()).isEqualTo(KEY.privateKeyPem().strip());
            assertThat(server.log().split(WARNING, -1)).hasSize(2);
            assertThat(server.log())
                    .containsPattern("WARN .*" + WARNING)
                    .contains("conductor.integrations.ai.enabled=false");
        }
    }
}
