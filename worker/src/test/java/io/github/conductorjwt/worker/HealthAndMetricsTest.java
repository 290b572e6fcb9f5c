package io.github.conductorjwt.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.TestClock;
import io.github.conductorjwt.core.TestKeys;
import io.github.conductorjwt.task.MicrometerSigningMetrics;
import io.github.conductorjwt.task.SignerSchedule;
import io.github.conductorjwt.task.TokenReloader;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a liveness probe and a Prometheus scrape read from the worker. */
class HealthAndMetricsTest {

    private static final Duration WINDOW = Duration.ofSeconds(30);

    @TempDir Path dir;

    private final TestClock clock = new TestClock();
    private final PollHeartbeat polls = new PollHeartbeat(clock, WINDOW);

    private KeySchedule keys() throws IOException {
        Path file = dir.resolve("orders/2026-10.pem");
        Files.createDirectories(file.getParent());
        Files.writeString(file, TestKeys.pkcs8Pem(TestKeys.RSA_2048));
        return new KeySchedule(
                clock,
                Duration.ofMinutes(15),
                Duration.ofDays(1),
                HeldKeys.load(dir, SigningAlgorithm.RS256));
    }

    private static JsonNode body(WorkerHttpServer.Response response) throws IOException {
        return new ObjectMapper().readTree(response.body());
    }

    @Test
    void upWhilePollingWithAKeyThatSigns() throws IOException {
        HealthEndpoint health = new HealthEndpoint(polls, keys(), null);

        polls.polled(true);
        WorkerHttpServer.Response response = health.get();

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = body(response);
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.path("keys").path("published").asInt()).isEqualTo(1);
        assertThat(body.path("keys").path("signing").asInt()).isEqualTo(1);
        assertThat(body.path("keys").path("reload").asText()).isEqualTo("ok");
    }

    @Test
    void downBeforeTheFirstPollWhenPollsStallAndAfterStop() throws IOException {
        HealthEndpoint health = new HealthEndpoint(polls, keys(), null);
        assertThat(health.get().status()).isEqualTo(503);

        polls.polled(false); // the server did not answer: the loop still runs
        assertThat(health.get().status()).isEqualTo(200);
        assertThat(body(health.get()).path("serverAnswered").asBoolean()).isFalse();

        clock.advance(WINDOW);
        assertThat(health.get().status()).isEqualTo(503);

        polls.polled(true);
        polls.stop();
        assertThat(health.get().status()).isEqualTo(503);
    }

    @Test
    void downWhenTheKeysDirectoryHoldsNoKey() throws IOException {
        KeySchedule none =
                new KeySchedule(clock, Duration.ofMinutes(15), Duration.ofDays(1), HeldKeys.none());
        polls.polled(true);

        WorkerHttpServer.Response response = new HealthEndpoint(polls, none, null).get();

        assertThat(response.status()).isEqualTo(503);
        assertThat(body(response).path("keys").path("signing").asInt()).isZero();
    }

    @Test
    void aTokenWhoseKeysCannotBeReadIsReportedWhileTheKeysReadBeforeSign() throws IOException {
        polls.polled(true);
        SignerSchedule signers =
                new SignerSchedule(
                        clock, Duration.ofMinutes(15), Duration.ofDays(1), List.of(), List.of());
        TokenReloader token =
                new TokenReloader(
                        () -> {
                            throw new IllegalStateException("the device is gone");
                        },
                        signers,
                        Duration.ofMinutes(15));
        HealthEndpoint health = new HealthEndpoint(polls, null, null, token);
        assertThat(body(health.get()).path("tokenKeysReload").asText()).isEqualTo("ok");

        token.reload();

        WorkerHttpServer.Response response = health.get();
        assertThat(response.status()).isEqualTo(200);
        assertThat(body(response).path("tokenKeysReload").asText()).isEqualTo("failing");
    }

    @Test
    void aWorkerWithoutHeldKeysNeedsOnlyToPoll() throws IOException {
        polls.polled(true);

        WorkerHttpServer.Response response = new HealthEndpoint(polls, null, null).get();

        assertThat(response.status()).isEqualTo(200);
        assertThat(body(response).has("keys")).isFalse();
    }

    @Test
    void metricsCarryThePluginsNamesAndTheRotationState() throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        KeySchedule schedule = keys();
        RotationMetrics.register(registry, schedule, null);
        MicrometerSigningMetrics signing = new MicrometerSigningMetrics(registry);
        signing.signed("RS256", Duration.ofMillis(3));
        signing.refused(List.of("ttlInSecond"));
        Files.writeString(dir.resolve("orders/2026-11.pem"), TestKeys.pkcs8Pem(TestKeys.rsa(2048)));
        schedule.update(HeldKeys.load(dir, SigningAlgorithm.RS256));

        WorkerHttpServer.Response response = new MetricsEndpoint(registry).get();

        assertThat(response.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .containsPattern("conductor_jwt_signed_seconds_count\\{algorithm=\"RS256\"} 1")
                .containsPattern("conductor_jwt_refused_total\\{field=\"ttlInSecond\"} 1")
                .contains("conductor_jwt_keys{state=\"published\"} 2")
                .contains("conductor_jwt_keys{state=\"signing\"} 1")
                .contains("conductor_jwt_keys{state=\"pending\"} 1")
                .contains("conductor_jwt_keys{state=\"retiring\"} 0");
    }
}
