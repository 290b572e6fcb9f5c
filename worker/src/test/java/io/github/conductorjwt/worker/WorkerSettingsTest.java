package io.github.conductorjwt.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.conductorjwt.core.SigningAlgorithm;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerSettingsTest {

    @Test
    void hasDefaultsForAServerOnThisMachine() {
        WorkerSettings settings = WorkerSettings.from(Map.of());

        assertThat(settings.serverUrl()).isEqualTo("http://localhost:8080/api");
        assertThat(settings.authKey()).isNull();
        assertThat(settings.threads()).isEqualTo(4);
        assertThat(settings.pollInterval()).hasMillis(100);
        assertThat(settings.policy().maxTtl()).hasSeconds(86_400);
        assertThat(settings.policy().defaultAlgorithm()).isEqualTo(SigningAlgorithm.RS256);
        assertThat(settings.keysDir()).isNull();
        assertThat(settings.jwksAddress().getHostString()).isEqualTo("127.0.0.1");
        assertThat(settings.jwksAddress().getPort()).isEqualTo(8091);
    }

    @Test
    void readsEverySetting() {
        WorkerSettings settings =
                WorkerSettings.from(
                        Map.of(
                                "CONDUCTOR_SERVER_URL", "http://conductor:8080/api",
                                "CONDUCTOR_AUTH_KEY", "k",
                                "CONDUCTOR_AUTH_SECRET", "s",
                                "CONDUCTOR_JWT_WORKER_THREADS", "8",
                                "CONDUCTOR_JWT_WORKER_POLL_INTERVAL_MS", "250",
                                "CONDUCTOR_JWT_MAX_TTL_SECONDS", "3600",
                                "CONDUCTOR_JWT_DEFAULT_ALGORITHM", "ES256",
                                "CONDUCTOR_JWT_KEYS_DIR", "/keys",
                                "CONDUCTOR_JWT_JWKS_ADDRESS", "0.0.0.0:9000"));

        assertThat(settings.serverUrl()).isEqualTo("http://conductor:8080/api");
        assertThat(settings.authKey()).isEqualTo("k");
        assertThat(settings.authSecret()).isEqualTo("s");
        assertThat(settings.threads()).isEqualTo(8);
        assertThat(settings.pollInterval()).hasMillis(250);
        assertThat(settings.policy().maxTtl()).hasSeconds(3600);
        assertThat(settings.policy().defaultAlgorithm()).isEqualTo(SigningAlgorithm.ES256);
        assertThat(settings.keysDir()).isEqualTo(Path.of("/keys"));
        assertThat(settings.jwksAddress().getPort()).isEqualTo(9000);
    }

    @Test
    void canSwitchTheJwksEndpointOff() {
        assertThat(WorkerSettings.from(Map.of("CONDUCTOR_JWT_JWKS_ADDRESS", "off")).jwksAddress())
                .isNull();
    }

    @Test
    void refusesANonNumericThreadCountNamingIt() {
        assertThatThrownBy(
                        () -> WorkerSettings.from(Map.of("CONDUCTOR_JWT_WORKER_THREADS", "many")))
                .hasMessage("CONDUCTOR_JWT_WORKER_THREADS must be a whole number >= 0, was 'many'");
    }
}
