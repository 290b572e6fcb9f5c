package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Rotation as verifiers live it, on the stock server with two worker replicas sharing one keys
 * directory: a key added mid-run is published at once and signs only after the pre-publication
 * delay, so every token verifies against the JWKS fetched before its workflow started, and against
 * the JWKS a verifier holds that honours the endpoint's {@code Cache-Control}. Small delays through
 * the worker's environment variables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyRotationEndToEndTest {

    private static final String WORKFLOW = "get_signed_jwt_held_key";
    private static final String NAME = "orders-api";
    private static final String OLD_KID = "2026-10-01";
    private static final String NEW_KID = "2026-12-01";
    private static final DemoKey OLD_KEY = DemoKey.rsa(2048);
    private static final DemoKey NEW_KEY = DemoKey.rsa(2048);
    private static final Duration PUBLISH_DELAY = Duration.ofSeconds(30);
    private static final Duration RELOAD = Duration.ofSeconds(1);
    private static final Duration WORKFLOW_TIMEOUT = Duration.ofMinutes(1);
    private static final int CLIENTS = 3;
    private static final Duration RUN_LIMIT = Duration.ofMinutes(4);

    /** For a replica's health to show a key it reloaded (every {@link #RELOAD}). */
    private static final Duration HEALTH_LIMIT = Duration.ofSeconds(30);

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConductorServer server;
    private ConductorApi api;

    @BeforeAll
    void startServer() {
        server = EndToEnd.server(Map.of());
        api = EndToEnd.registered(server);
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** One workflow as a verifier sees it: the JWKS it held before, the token, the JWKS after. */
    private record Signed(
            String status, SignedJWT token, JWKSet before, JWKSet cached, JWKSet current) {}

    @Test
    void aKeyAddedMidRunSignsOnlyAfterEveryJwksAVerifierCouldHoldListsIt() throws Exception {
        try (HeldKeyDir keys = HeldKeyDir.create().add(NAME, OLD_KID, OLD_KEY);
                Replica a = Replica.start(server.baseUri(), keys.path());
                Replica b = Replica.start(server.baseUri(), keys.path())) {
            assertThat(a.jwks()).isEqualTo(b.jwks());
            CachingVerifier verifier = new CachingVerifier(b.jwksUrl());

            List<Signed> signed = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                running.add(
                        clients.submit(
                                () -> {
                                    while (!stop.get()) {
                                        signed.add(signOne(a, b, verifier));
                                    }
                                    return null;
                                }));
            }
            // By counts, not by the clock: the machine may be slow.
            await().atMost(RUN_LIMIT).until(() -> signed.size() >= CLIENTS);
            Instant added = Instant.now();
            keys.add(NAME, NEW_KID, NEW_KEY);
            // A replica that joins during the delay (a restart, a scale-out) waits it out too.
            Replica c = Replica.start(server.baseUri(), keys.path());
            Duration joinedAfter = Duration.between(added, Instant.now());
            await().atMost(RUN_LIMIT).until(() -> signedBy(signed, NEW_KID) >= CLIENTS);
            stop.set(true);
            for (Future<?> client : running) {
                client.get();
            }
            clients.shutdown();
            assertThat(c.jwks()).isEqualTo(a.jwks());
            c.close();

            assertThat(signed).allSatisfy(s -> assertThat(s.status()).isEqualTo("COMPLETED"));
            assertThat(signed)
                    .as("every token verifies against the JWKS fetched before it was signed")
                    .allSatisfy(s -> assertThat(verifies(s.token(), s.before())).isTrue());
            assertThat(signed)
                    .as("and against the JWKS a verifier honouring Cache-Control holds")
                    .allSatisfy(s -> assertThat(verifies(s.token(), s.cached())).isTrue());
            assertThat(signed)
                    .allSatisfy(s -> assertThat(verifies(s.token(), s.current())).isTrue());
            List<String> kids = signed.stream().map(s -> s.token().getHeader().getKeyID()).toList();
            assertThat(kids).contains(OLD_KID, NEW_KID);
            // Whole seconds in iat: the new key signs no earlier than the delay after it appeared.
            assertThat(
                            signed.stream()
                                    .filter(s -> NEW_KID.equals(s.token().getHeader().getKeyID()))
                                    .map(s -> issuedAt(s.token())))
                    .allSatisfy(
                            iat ->
                                    assertThat(iat)
                                            .isAfterOrEqualTo(
                                                    added.plus(PUBLISH_DELAY).minusSeconds(1)));
            System.out.printf(
                    "rotation e2e: %d workflows, %d signed by the old kid, %d by the new;"
                            + " verifier refetched the JWKS %d times, never for an unknown kid;"
                            + " replica C polled %d ms after the key was added;"
                            + " the new kid first signed %d s after it was added%n",
                    signed.size(),
                    signedBy(signed, OLD_KID),
                    signedBy(signed, NEW_KID),
                    verifier.fetches,
                    joinedAfter.toMillis(),
                    signed.stream()
                            .filter(s -> NEW_KID.equals(s.token().getHeader().getKeyID()))
                            .map(s -> Duration.between(added, issuedAt(s.token())).toSeconds())
                            .min(Long::compare)
                            .orElseThrow());

            // Removed: still published (for the longest token it signed), never signs again.
            Files.delete(keys.path().resolve(NAME).resolve(OLD_KID + ".pem"));
            await().atMost(HEALTH_LIMIT)
                    .until(() -> a.health().path("keys").path("retiring").asInt() == 1);
            await().atMost(HEALTH_LIMIT)
                    .until(() -> b.health().path("keys").path("retiring").asInt() == 1);
            assertThat(kidsOf(a.jwks())).containsExactlyInAnyOrder(OLD_KID, NEW_KID);
            assertThat(a.jwks()).isEqualTo(b.jwks());
            Signed after = signOne(a, b, verifier);
            assertThat(after.token().getHeader().getKeyID()).isEqualTo(NEW_KID);

            JsonNode health = a.health();
            assertThat(health.path("status").asText()).isEqualTo("UP");
            assertThat(health.path("polling").asBoolean()).isTrue();
            assertThat(health.path("keys").path("published").asInt()).isEqualTo(2);
            assertThat(health.path("keys").path("signing").asInt()).isEqualTo(1);
            assertThat(health.path("keys").path("pending").asInt()).isZero();
            String metrics = a.get("/metrics").body() + b.get("/metrics").body();
            assertThat(metrics)
                    .containsPattern(
                            "conductor_jwt_signed_seconds_count\\{[^}]*algorithm=\"RS256\"[^}]*} [1-9]")
                    .containsPattern("conductor_jwt_keys\\{state=\"published\"} 2")
                    .containsPattern("conductor_jwt_keys\\{state=\"retiring\"} 1");
            for (String text : List.of(metrics, a.log(), b.log(), health.toString())) {
                assertThat(text)
                        .doesNotContain(body(OLD_KEY.privateKeyPem()))
                        .doesNotContain(body(NEW_KEY.privateKeyPem()));
            }
        }
    }

    private Signed signOne(Replica a, Replica b, CachingVerifier verifier) throws Exception {
        JWKSet before = a.jwks();
        String id =
                api.startWorkflow(
                        WORKFLOW,
                        Map.of(
                                "keyName", NAME,
                                "subject", "orders-service",
                                "issuer", "https://issuer.conductor-jwt.test",
                                "audience", "https://orders.conductor-jwt.test",
                                "scope", "orders.read"));
        JsonNode workflow = api.awaitEnd(id, WORKFLOW_TIMEOUT);
        SignedJWT token = SignedJWT.parse(workflow.path("output").path("token").asText());
        JWKSet cached = verifier.keysFor(token.getHeader().getKeyID());
        return new Signed(workflow.path("status").asText(), token, before, cached, b.jwks());
    }

    private static boolean verifies(SignedJWT token, JWKSet set) {
        JWK jwk = set.getKeyByKeyId(token.getHeader().getKeyID());
        try {
            return jwk != null && token.verify(new RSASSAVerifier(jwk.toRSAKey()));
        } catch (JOSEException e) {
            return false;
        }
    }

    private static Instant issuedAt(SignedJWT token) {
        try {
            return token.getJWTClaimsSet().getIssueTime().toInstant();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> kidsOf(JWKSet set) {
        return set.getKeys().stream().map(JWK::getKeyID).toList();
    }

    private static String body(String pem) {
        return pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    }

    private static void sleepUntil(Instant at) throws InterruptedException {
        long millis = Duration.between(Instant.now(), at).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static long signedBy(List<Signed> signed, String kid) {
        synchronized (signed) {
            return signed.stream()
                    .filter(s -> kid.equals(s.token().getHeader().getKeyID()))
                    .count();
        }
    }

    /**
     * A verifier's JWKS cache as libraries keep one: fetched, then kept for the response's {@code
     * max-age}. It counts as failing when a token's kid is missing from a copy it still holds.
     */
    private static final class CachingVerifier {

        private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");

        private final URI url;
        private JWKSet held;
        private Instant expires = Instant.MIN;
        int fetches;

        CachingVerifier(URI url) {
            this.url = url;
        }

        synchronized JWKSet keysFor(String kid) throws Exception {
            if (!Instant.now().isBefore(expires)) {
                HttpResponse<String> response =
                        HTTP.send(
                                HttpRequest.newBuilder(url).build(),
                                HttpResponse.BodyHandlers.ofString());
                Matcher maxAge =
                        MAX_AGE.matcher(
                                response.headers().firstValue("Cache-Control").orElseThrow());
                assertThat(maxAge.find()).isTrue();
                held = JWKSet.parse(response.body());
                expires = Instant.now().plusSeconds(Long.parseLong(maxAge.group(1)));
                fetches++;
            }
            return held;
        }
    }

    /** One worker replica on the shared keys directory, with its HTTP port. */
    private record Replica(WorkerProcess process, URI base) implements AutoCloseable {

        static Replica start(URI serverBaseUri, Path keysDir) {
            int port = ChildProcesses.freeLoopbackPort();
            WorkerProcess process =
                    EndToEnd.startWorker(
                            serverBaseUri,
                            Map.of(
                                    "CONDUCTOR_JWT_KEYS_DIR",
                                    keysDir.toString(),
                                    "CONDUCTOR_JWT_JWKS_ADDRESS",
                                    "127.0.0.1:" + port,
                                    "CONDUCTOR_JWT_KEYS_RELOAD_SECONDS",
                                    String.valueOf(RELOAD.toSeconds()),
                                    "CONDUCTOR_JWT_KEY_PUBLISH_DELAY_SECONDS",
                                    String.valueOf(PUBLISH_DELAY.toSeconds())));
            return new Replica(process, URI.create("http://127.0.0.1:" + port));
        }

        URI jwksUrl() {
            return base.resolve("/.well-known/jwks.json");
        }

        HttpResponse<String> get(String path) {
            try {
                return HTTP.send(
                        HttpRequest.newBuilder(base.resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        JWKSet jwks() {
            try {
                return JWKSet.parse(get("/.well-known/jwks.json").body());
            } catch (ParseException e) {
                throw new IllegalStateException(e);
            }
        }

        JsonNode health() {
            try {
                return JSON.readTree(get("/health").body());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        String log() {
            return process.log();
        }

        @Override
        public void close() {
            process.close();
        }
    }
}
