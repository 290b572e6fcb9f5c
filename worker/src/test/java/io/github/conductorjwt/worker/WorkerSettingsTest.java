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
    void readsAPkcs11TokenWhoseKeysAreNamedByLabel() {
        WorkerSettings settings =
                WorkerSettings.from(
                        Map.of(
                                "CONDUCTOR_JWT_PKCS11_LIBRARY", "/usr/lib/softhsm/libsofthsm2.so",
                                "CONDUCTOR_JWT_PKCS11_SLOT_INDEX", "0",
                                "CONDUCTOR_JWT_PKCS11_PIN", "1234",
                                "CONDUCTOR_JWT_PKCS11_KEYS", "signer, backup"));

        assertThat(settings.pkcs11().library())
                .isEqualTo(Path.of("/usr/lib/softhsm/libsofthsm2.so"));
        assertThat(settings.pkcs11().slotListIndex()).isZero();
        assertThat(settings.pkcs11().slot()).isNull();
        assertThat(settings.pkcs11().labels()).containsExactly("signer", "backup");
        assertThat(new String(settings.pkcs11().pin().get())).isEqualTo("1234");
        assertThat(settings.toString()).doesNotContain("1234");
        assertThat(WorkerSettings.from(Map.of()).pkcs11()).isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "CONDUCTOR_JWT_PKCS11_SLOT=1;CONDUCTOR_JWT_PKCS11_PIN=secret-pin;CONDUCTOR_JWT_PKCS11_KEYS=a"
                        + "|CONDUCTOR_JWT_PKCS11_PIN or CONDUCTOR_JWT_PKCS11_PIN_FILE: give exactly"
                        + " one of them",
                "CONDUCTOR_JWT_PKCS11_PIN=secret-pin;CONDUCTOR_JWT_PKCS11_KEYS=a"
                        + "|CONDUCTOR_JWT_PKCS11_SLOT or CONDUCTOR_JWT_PKCS11_SLOT_INDEX: give exactly"
                        + " one of them",
                "CONDUCTOR_JWT_PKCS11_SLOT=1;CONDUCTOR_JWT_PKCS11_PIN=secret-pin"
                        + "|CONDUCTOR_JWT_PKCS11_KEYS must name at least one key label",
                "CONDUCTOR_JWT_PKCS11_SLOT=-1;CONDUCTOR_JWT_PKCS11_PIN=secret-pin;CONDUCTOR_JWT_PKCS11_KEYS=a"
                        + "|CONDUCTOR_JWT_PKCS11_SLOT must be a whole number >= 0",
            })
    void refusesAnIncompletePkcs11SettingNamingItNeverThePin(String settings, String message) {
        java.util.Map<String, String> values = new java.util.HashMap<>();
        values.put("CONDUCTOR_JWT_PKCS11_LIBRARY", "/usr/lib/softhsm/libsofthsm2.so");
        for (String setting : settings.split(";")) {
            String[] nameValue = setting.split("=", 2);
            values.put(nameValue[0], nameValue[1]);
        }
        if (settings.startsWith(
                "CONDUCTOR_JWT_PKCS11_SLOT=1;CONDUCTOR_JWT_PKCS11_PIN=secret-pin;")) {
            values.put("CONDUCTOR_JWT_PKCS11_PIN_FILE", "/run/secrets/pin");
        }

        assertThatThrownBy(() -> WorkerSettings.from(values))
                .hasMessage(message)
                .hasMessageNotContaining("secret-pin");
    }

    @Test
    void readsGoogleServiceAccountsAsKeyNames() {
        WorkerSettings.GoogleSettings google =
                WorkerSettings.from(
                                Map.of(
                                        "CONDUCTOR_JWT_GOOGLE_ACCOUNTS",
                                        "orders=signer@p.iam.gserviceaccount.com,"
                                                + " billing=billing@p.iam.gserviceaccount.com",
                                        "CONDUCTOR_JWT_GOOGLE_DELEGATES",
                                        "middle@p.iam.gserviceaccount.com"))
                        .google();

        assertThat(google.accounts())
                .containsEntry("orders", "signer@p.iam.gserviceaccount.com")
                .containsEntry("billing", "billing@p.iam.gserviceaccount.com");
        assertThat(google.endpoint()).hasToString("https://iamcredentials.googleapis.com");
        assertThat(google.credentialsFile()).isNull();
        assertThat(google.delegates()).containsExactly("middle@p.iam.gserviceaccount.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders", "orders=", "=a@b.c", "a=x@y.z,a=y@z.w"})
    void refusesGoogleAccountsThatAreNotNameEmailPairs(String accounts) {
        assertThatThrownBy(
                        () ->
                                WorkerSettings.from(
                                        Map.of("CONDUCTOR_JWT_GOOGLE_ACCOUNTS", accounts)))
                .hasMessage(
                        "CONDUCTOR_JWT_GOOGLE_ACCOUNTS must be comma-separated"
                                + " name=service-account-email pairs, each name once");
    }

    @Test
    void refusesPkcs11SettingsWithoutItsLibrary() {
        assertThatThrownBy(() -> WorkerSettings.from(Map.of("CONDUCTOR_JWT_PKCS11_KEYS", "a")))
                .hasMessage(
                        "CONDUCTOR_JWT_PKCS11_KEYS is set but CONDUCTOR_JWT_PKCS11_LIBRARY is not");
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

    /** An operator fixes every bad setting after one failed start, not one per start. */
    @Test
    void reportsEveryBadSettingAtOnceInTheOrderReadWithoutTheValues() {
        assertThatThrownBy(
                        () ->
                                WorkerSettings.from(
                                        Map.of(
                                                "CONDUCTOR_SERVER_URL",
                                                "http://admin:hunter2@conductor/api",
                                                "CONDUCTOR_JWT_WORKER_THREADS",
                                                "0",
                                                "CONDUCTOR_JWT_KEYS_RELOAD_SECONDS",
                                                "soon",
                                                "CONDUCTOR_AUTH_SECRET",
                                                "top-secret\nINFO forged")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "CONDUCTOR_AUTH_SECRET must not contain control characters;"
                                + " CONDUCTOR_SERVER_URL must be an http:// or https:// URL"
                                + " without user info, query or fragment, e.g."
                                + " http://localhost:8080/api;"
                                + " CONDUCTOR_JWT_WORKER_THREADS must be a whole number >= 1;"
                                + " CONDUCTOR_JWT_KEYS_RELOAD_SECONDS must be a whole number >= 1")
                .message()
                .doesNotContain("hunter2", "soon", "top-secret");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "CONDUCTOR_AUTH_SECRET",
                "CONDUCTOR_AUTH_KEY",
                "CONDUCTOR_SERVER_URL",
                "CONDUCTOR_JWT_KEYS_DIR",
                "CONDUCTOR_JWT_DEFAULT_ALGORITHM",
                "CONDUCTOR_JWT_PKCS11_LIBRARY",
                "CONDUCTOR_JWT_PKCS11_PIN",
                "CONDUCTOR_JWT_PKCS11_PIN_FILE",
                "CONDUCTOR_JWT_PKCS11_KEYS",
                "CONDUCTOR_JWT_GOOGLE_ACCOUNTS",
                "CONDUCTOR_JWT_GOOGLE_CREDENTIALS",
                "CONDUCTOR_JWT_GOOGLE_ENDPOINT",
                "CONDUCTOR_JWT_GOOGLE_DELEGATES"
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
