package io.github.conductorjwt.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.SigningProvider;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkerSettingsTest {

    @Test
    void hasDefaultsForAServerOnThisMachine() {
        WorkerSettings settings = WorkerSettings.from(Map.of());

        assertThat(settings.serverUrl()).isEqualTo("http://localhost:8080/api");
        assertThat(settings.authKey()).isNull();
        assertThat(settings.threads()).isEqualTo(8);
        assertThat(settings.pollInterval()).hasMillis(50);
        assertThat(settings.pollTimeout()).isZero();
        assertThat(settings.policy().maxTtl()).hasSeconds(86_400);
        assertThat(settings.policy().defaultAlgorithm()).isEqualTo(SigningAlgorithm.RS256);
        assertThat(settings.keysDir()).isNull();
        assertThat(settings.jwksAddress().getHostString()).isEqualTo("127.0.0.1");
        assertThat(settings.jwksAddress().getPort()).isEqualTo(8091);
        assertThat(settings.provider()).isEqualTo(SigningProvider.Choice.AUTO);
        assertThat(settings.taskTypes())
                .containsExactly(
                        "GET_SIGNED_JWT",
                        "GET_SIGNED_JWT_HELD_KEY",
                        "VERIFY_JWT",
                        "VERIFY_JWT_HELD_KEY");
        assertThat(settings.jwksAllowedHosts()).isEmpty();
    }

    /**
     * Beside the plugin, the worker has only held-key tasks to take: no empty polls for the rest.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "GET_SIGNED_JWT_HELD_KEY                  | GET_SIGNED_JWT_HELD_KEY",
                "GET_SIGNED_JWT                           | GET_SIGNED_JWT",
                "GET_SIGNED_JWT_HELD_KEY , GET_SIGNED_JWT | GET_SIGNED_JWT,GET_SIGNED_JWT_HELD_KEY",
                "GET_SIGNED_JWT,GET_SIGNED_JWT            | GET_SIGNED_JWT",
                "VERIFY_JWT_HELD_KEY,GET_SIGNED_JWT_HELD_KEY | GET_SIGNED_JWT_HELD_KEY,VERIFY_JWT_HELD_KEY",
            })
    void pollsTheTaskTypesItIsTold(String value, String polled) {
        assertThat(
                        WorkerSettings.from(Map.of("CONDUCTOR_JWT_WORKER_TASK_TYPES", value))
                                .taskTypes())
                .containsExactly(polled.split(","));
    }

    @Test
    void readsEverySetting() {
        WorkerSettings settings =
                WorkerSettings.from(
                        Map.ofEntries(
                                Map.entry("CONDUCTOR_SERVER_URL", "http://conductor:8080/api"),
                                Map.entry("CONDUCTOR_AUTH_KEY", "k"),
                                Map.entry("CONDUCTOR_AUTH_SECRET", "s"),
                                Map.entry("CONDUCTOR_JWT_WORKER_THREADS", "16"),
                                Map.entry("CONDUCTOR_JWT_WORKER_POLL_INTERVAL_MS", "250"),
                                Map.entry("CONDUCTOR_JWT_WORKER_POLL_TIMEOUT_MS", "0"),
                                Map.entry("CONDUCTOR_JWT_MAX_TTL_SECONDS", "3600"),
                                Map.entry("CONDUCTOR_JWT_DEFAULT_ALGORITHM", "ES256"),
                                Map.entry("CONDUCTOR_JWT_KEYS_DIR", "/keys"),
                                Map.entry("CONDUCTOR_JWT_JWKS_ADDRESS", "0.0.0.0:9000"),
                                Map.entry("CONDUCTOR_JWT_PROVIDER", "JDK")));

        assertThat(settings.serverUrl()).isEqualTo("http://conductor:8080/api");
        assertThat(settings.authKey()).isEqualTo("k");
        assertThat(settings.authSecret()).isEqualTo("s");
        assertThat(settings.threads()).isEqualTo(16);
        assertThat(settings.pollInterval()).hasMillis(250);
        assertThat(settings.pollTimeout()).isZero();
        assertThat(settings.policy().maxTtl()).hasSeconds(3600);
        assertThat(settings.policy().defaultAlgorithm()).isEqualTo(SigningAlgorithm.ES256);
        assertThat(settings.keysDir()).isEqualTo(Path.of("/keys"));
        assertThat(settings.jwksAddress().getPort()).isEqualTo(9000);
        assertThat(settings.provider()).isEqualTo(SigningProvider.Choice.JDK);
    }

    @Test
    void refusesAnUnknownProviderNamingTheChoices() {
        assertThatThrownBy(() -> WorkerSettings.from(Map.of("CONDUCTOR_JWT_PROVIDER", "bc")))
                .hasMessage("CONDUCTOR_JWT_PROVIDER must be one of auto, jdk, accp");
    }

    @Test
    void rotatesByDefaultWithADelayLongerThanJwksCachesAndRetiresAfterTheMaxTtl() {
        RotationSettings rotation =
                WorkerSettings.from(Map.of("CONDUCTOR_JWT_MAX_TTL_SECONDS", "3600")).rotation();

        assertThat(rotation.reloadInterval()).hasSeconds(10);
        assertThat(rotation.publishDelay()).hasMinutes(15);
        assertThat(rotation.retireAfter()).hasSeconds(3600 + 60);
    }

    @Test
    void readsTheRotationSettings() {
        RotationSettings rotation =
                WorkerSettings.from(
                                Map.of(
                                        "CONDUCTOR_JWT_KEYS_RELOAD_SECONDS", "2",
                                        "CONDUCTOR_JWT_KEY_PUBLISH_DELAY_SECONDS", "30",
                                        "CONDUCTOR_JWT_KEY_RETIRE_SECONDS", "90"))
                        .rotation();

        assertThat(rotation.reloadInterval()).hasSeconds(2);
        assertThat(rotation.publishDelay()).hasSeconds(30);
        assertThat(rotation.retireAfter()).hasSeconds(90);
        assertThatThrownBy(
                        () -> WorkerSettings.from(Map.of("CONDUCTOR_JWT_KEYS_RELOAD_SECONDS", "0")))
                .hasMessage("CONDUCTOR_JWT_KEYS_RELOAD_SECONDS must be a whole number >= 1");
    }

    @Test
    void canSwitchTheJwksEndpointOff() {
        assertThat(WorkerSettings.from(Map.of("CONDUCTOR_JWT_JWKS_ADDRESS", "off")).jwksAddress())
                .isNull();
    }

    @Test
    void readsZeroAsAKeyCacheOff() {
        assertThat(
                        WorkerSettings.from(Map.of("CONDUCTOR_JWT_KEY_CACHE_SIZE", "0"))
                                .policy()
                                .keyCacheSize())
                .isZero();
    }

    @Test
    void readsTheOutputCacheSizeWithItsDefault() {
        assertThat(WorkerSettings.from(Map.of()).outputCacheSize()).isEqualTo(1000);
        assertThat(
                        WorkerSettings.from(Map.of("CONDUCTOR_JWT_OUTPUT_CACHE_SIZE", "0"))
                                .outputCacheSize())
                .isZero();
    }

    @Test
    void stripsSurroundingWhitespaceAndLineBreaks() {
        WorkerSettings settings =
                WorkerSettings.from(
                        Map.of(
                                "CONDUCTOR_JWT_WORKER_THREADS", " 8\r\n",
                                "CONDUCTOR_AUTH_SECRET", "s\n"));

        assertThat(settings.threads()).isEqualTo(8);
        assertThat(settings.authSecret()).isEqualTo("s");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "CONDUCTOR_JWT_WORKER_THREADS          | 0     | must be a whole number >= 1",
                "CONDUCTOR_JWT_WORKER_THREADS          | many  | must be a whole number >= 1",
                "CONDUCTOR_JWT_WORKER_THREADS          | -1    | must be a whole number >= 1",
                "CONDUCTOR_JWT_WORKER_THREADS          | 99999999999 | must be a whole number >= 1",
                "CONDUCTOR_JWT_WORKER_POLL_INTERVAL_MS | 0     | must be a whole number >= 1",
                "CONDUCTOR_JWT_WORKER_POLL_TIMEOUT_MS  | -1    | must be a whole number >= 0",
                "CONDUCTOR_JWT_MAX_TTL_SECONDS         | 0     | must be a whole number >= 1",
                "CONDUCTOR_JWT_MAX_TTL_SECONDS         | 1.5   | must be a whole number >= 1",
                "CONDUCTOR_JWT_KEY_CACHE_SIZE          | -1    | must be a whole number >= 0",
                "CONDUCTOR_JWT_OUTPUT_CACHE_SIZE       | -1    | must be a whole number >= 0",
                "CONDUCTOR_JWT_DEFAULT_ALGORITHM       | XS256 | must be one of RS256, RS384,"
                        + " RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, HS256, HS384,"
                        + " HS512",
                "CONDUCTOR_JWT_DEFAULT_ALGORITHM       | none  | must be one of RS256, RS384,"
                        + " RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, HS256, HS384,"
                        + " HS512",
                "CONDUCTOR_JWT_JWKS_ADDRESS | 127.0.0.1:notaport | must be host:port with a port"
                        + " from 1 to 65535, or off",
                "CONDUCTOR_JWT_JWKS_ADDRESS | 127.0.0.1:65536 | must be host:port with a port from"
                        + " 1 to 65535, or off",
                "CONDUCTOR_JWT_JWKS_ADDRESS | 127.0.0.1:0 | must be host:port with a port from 1"
                        + " to 65535, or off",
                "CONDUCTOR_JWT_JWKS_ADDRESS | 8091  | must be host:port with a port from 1 to"
                        + " 65535, or off",
                "CONDUCTOR_JWT_WORKER_TASK_TYPES | HTTP | must name one or more of"
                        + " GET_SIGNED_JWT / GET_SIGNED_JWT_HELD_KEY / VERIFY_JWT / VERIFY_JWT_HELD_KEY",
                "CONDUCTOR_JWT_WORKER_TASK_TYPES | GET_SIGNED_JWT,HTTP | must name one or more of"
                        + " GET_SIGNED_JWT / GET_SIGNED_JWT_HELD_KEY / VERIFY_JWT / VERIFY_JWT_HELD_KEY",
                "CONDUCTOR_JWT_WORKER_TASK_TYPES | ',' | must name one or more of"
                        + " GET_SIGNED_JWT / GET_SIGNED_JWT_HELD_KEY / VERIFY_JWT / VERIFY_JWT_HELD_KEY",
                "CONDUCTOR_SERVER_URL | conductor:8080/api | must be an http:// or https:// URL"
                        + " without user info, query or fragment, e.g. http://localhost:8080/api",
                "CONDUCTOR_SERVER_URL | http://admin:hunter2@conductor/api | must be an http:// or"
                        + " https:// URL without user info, query or fragment, e.g."
                        + " http://localhost:8080/api",
            })
    void refusesABadValueNamingTheVariableAndTheRuleNotTheValue(
            String name, String value, String rule) {
        assertThatThrownBy(() -> WorkerSettings.from(Map.of(name, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(name + " " + rule)
                .message()
                .doesNotContain(value);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "CONDUCTOR_AUTH_SECRET",
                "CONDUCTOR_AUTH_KEY",
                "CONDUCTOR_SERVER_URL",
                "CONDUCTOR_JWT_KEYS_DIR",
                "CONDUCTOR_JWT_DEFAULT_ALGORITHM"
            })
    void refusesAControlCharacterInsideAnyValueWithoutQuotingIt(String name) {
        String value = "top-secret\nINFO forged line\u2028";

        assertThatThrownBy(() -> WorkerSettings.from(Map.of(name, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(name + " must not contain control characters")
                .message()
                .doesNotContain("top-secret");
    }
}
