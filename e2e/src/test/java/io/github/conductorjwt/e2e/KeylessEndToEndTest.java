package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.SignedJWT;
import io.github.conductorjwt.core.IndependentSigner;
import io.github.conductorjwt.core.IndependentVerifier;
import io.github.conductorjwt.core.SoftHsmToken;
import io.github.conductorjwt.core.TestKeys;
import io.github.conductorjwt.google.SignJwtStandIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys that never leave their token, end to end: a real SoftHSM2 token made by the test, its keys
 * generated non-extractable; the held-key example workflow naming one completes on the stock server
 * with the plugin (as the asynchronous twin task) and through the worker on a stock server without
 * it, each token verified by Nimbus against the JWK Set its path publishes (the plugin's file, the
 * worker's endpoint). The same for a Google service account, against {@link SignJwtStandIn}: a
 * loopback <b>stand-in</b> for Google's token endpoint and IAM signJwt, not Google, driven through
 * the real google-auth-library (the server's own 1.33.0 on the plugin path). No log carries the
 * PIN, an access token or key text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeylessEndToEndTest {

    static final String WORKFLOW = "get_signed_jwt_held_key";
    private static final Duration WORKFLOW_TIMEOUT = Duration.ofMinutes(1);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Far longer than the other workflows take, on a loaded machine too. */
    private static final Duration SLOW_SIGNER = Duration.ofSeconds(20);

    private static final int FAST_WORKFLOWS = 10;

    private static final int LATENCY_RUNS = 20;

    @TempDir static Path dir;

    /** The Google service account the stand-in signs for, and the caller's identity. */
    static final String GOOGLE_ACCOUNT = "signer@example-project.iam.gserviceaccount.com";

    static final String GOOGLE_KEY = "google-signer";
    private static final KeyPair CALLER_KEY = TestKeys.rsa(2048);
    private static final KeyPair GOOGLE_SYSTEM_KEY = TestKeys.rsa(2048);

    private SoftHsmToken hsm;
    private SignJwtStandIn google;
    private Path googleCredentials;

    @BeforeAll
    void tokenAndGoogleStandIn() throws Exception {
        hsm = SoftHsmToken.create(dir.resolve("softhsm"));
        google = new SignJwtStandIn((RSAPublicKey) CALLER_KEY.getPublic(), GOOGLE_SYSTEM_KEY);
        googleCredentials = dir.resolve("google-credentials.json");
        Files.writeString(
                googleCredentials,
                google.credentialsJson(
                        "caller@example-project.iam.gserviceaccount.com",
                        TestKeys.pkcs8Pem(CALLER_KEY)));
    }

    @AfterAll
    void stopStandIn() {
        if (google != null) {
            google.close();
        }
    }

    /** The held-key workflow naming the Google account, issuer and subject its e-mail. */
    static Map<String, Object> googleInput() {
        Map<String, Object> input = input(GOOGLE_KEY);
        input.put("subject", GOOGLE_ACCOUNT);
        input.put("issuer", GOOGLE_ACCOUNT);
        return input;
    }

    /** A Google-signed run: completed, its token the stand-in's, verified with its system key. */
    private static void assertSignedByGoogle(JsonNode run) throws Exception {
        assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
        SignedJWT jwt =
                IndependentVerifier.verify(
                        run.path("output").path("token").asText(), GOOGLE_SYSTEM_KEY.getPublic());
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(SignJwtStandIn.SYSTEM_KID);
        assertThat(run.path("output").path("keyId").asText()).isEqualTo(SignJwtStandIn.SYSTEM_KID);
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(GOOGLE_ACCOUNT);
    }

    /** No PIN, access token or key text in a log. */
    private void assertNoSecretsIn(String log) {
        assertThat(log).doesNotContain(hsm.pin());
        for (String token : google.issuedTokens()) {
            assertThat(log).doesNotContain(token);
        }
        assertThat(log).doesNotContain("PRIVATE KEY", SignJwtStandIn.BODY_MARKER);
    }

    static Map<String, Object> input(String keyName) {
        Map<String, Object> input = new HashMap<>();
        input.put("keyName", keyName);
        input.put("subject", "svc@example.iam.gserviceaccount.com");
        input.put("issuer", "svc@example.iam.gserviceaccount.com");
        input.put("audience", "https://oauth2.googleapis.com/token");
        input.put("scope", "https://www.googleapis.com/auth/cloud-platform");
        return input;
    }

    /** The server settings that hold the token's keys, the PIN in the environment. */
    List<String> pluginSettings(Path jwksFile) {
        List<String> settings = new ArrayList<>(ConductorServer.DOCUMENTED_SETTINGS);
        settings.add("--conductor.jwt.pkcs11.library=" + SoftHsmToken.LIBRARY);
        settings.add("--conductor.jwt.pkcs11.slot=" + hsm.slot());
        settings.add(
                "--conductor.jwt.pkcs11.keys=" + SoftHsmToken.RSA + "," + SoftHsmToken.EC_P256);
        settings.add("--conductor.jwt.jwks-file=" + jwksFile);
        settings.add("--conductor.jwt.google.accounts." + GOOGLE_KEY + "=" + GOOGLE_ACCOUNT);
        settings.add("--conductor.jwt.google.credentials-file=" + googleCredentials);
        settings.add("--conductor.jwt.google.endpoint=" + google.uri());
        return settings;
    }

    Map<String, String> tokenEnvironment() {
        return Map.of(
                "SOFTHSM2_CONF", hsm.conf().toString(), "CONDUCTOR_JWT_PKCS11_PIN", hsm.pin());
    }

    @Test
    void thePluginSignsWithATokenKeyOffTheDecideLoop() throws Exception {
        Path jwksFile = dir.resolve("plugin-jwks.json");
        DemoKey key = DemoKey.rsa(2048);
        Map<String, String> environment = new HashMap<>(tokenEnvironment());
        environment.put(EndToEnd.KEY_SECRET, key.privateKeyPem());
        try (ConductorServer server =
                ConductorServer.start(
                        Path.of(System.getProperty("conductorjwt.server.jar")),
                        Path.of(System.getProperty("conductorjwt.plugin.dir")),
                        environment,
                        pluginSettings(jwksFile))) {
            ConductorApi api = EndToEnd.registered(server);

            JsonNode run =
                    api.awaitEnd(
                            api.startWorkflow(WORKFLOW, input(SoftHsmToken.RSA)), WORKFLOW_TIMEOUT);

            assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
            assertThat(run.path("tasks").path(0).path("taskType").asText())
                    .isEqualTo("GET_SIGNED_JWT_ASYNC");
            SignedJWT jwt =
                    IndependentVerifier.verifyWithJwks(
                            run.path("output").path("token").asText(), Files.readString(jwksFile));
            assertThat(jwt.getJWTClaimsSet().getSubject())
                    .isEqualTo("svc@example.iam.gserviceaccount.com");

            JsonNode signedByGoogle =
                    api.awaitEnd(api.startWorkflow(WORKFLOW, googleInput()), WORKFLOW_TIMEOUT);
            assertSignedByGoogle(signedByGoogle);
            assertThat(signedByGoogle.path("tasks").path(0).path("taskType").asText())
                    .isEqualTo("GET_SIGNED_JWT_ASYNC");

            verifiesItsHeldKeysTokensByNameInTheServer(api);

            reportAsyncLatency(api);

            google.answerSignJwtWith(403);
            JsonNode refused;
            try {
                refused =
                        api.awaitEnd(api.startWorkflow(WORKFLOW, googleInput()), WORKFLOW_TIMEOUT);
            } finally {
                google.answerSignJwtWith(200);
            }
            JsonNode refusedTask = refused.path("tasks").path(0);
            assertThat(refusedTask.path("status").asText()).isEqualTo("FAILED_WITH_TERMINAL_ERROR");
            assertThat(refusedTask.path("reasonForIncompletion").asText())
                    .startsWith(
                            "keyName: Google refused to sign for held key 'google-signer' (HTTP 403)");
            assertNoSecretsIn(server.log());
        }
    }

    /** The held-key workflow, then VERIFY_JWT by the same {@code keyName}: built here. */
    static final String SIGN_THEN_VERIFY_BY_NAME = "sign_then_verify_held_key";

    private static JsonNode signThenVerifyByName() {
        ObjectNode workflow = EndToEnd.workflows().workflowDef(WORKFLOW).deepCopy();
        workflow.put("name", SIGN_THEN_VERIFY_BY_NAME);
        ObjectNode verify = ((ArrayNode) workflow.path("tasks")).addObject();
        verify.put("name", "verify_jwt");
        verify.put("taskReferenceName", "verify_ref");
        verify.put("type", "VERIFY_JWT");
        ObjectNode parameters = verify.putObject("inputParameters");
        parameters.put("token", "${get_signed_jwt_ref.output.token}");
        parameters.put("keyName", "${workflow.input.keyName}");
        parameters.put("issuer", "${workflow.input.issuer}");
        parameters.put("audience", "${workflow.input.audience}");
        ObjectNode output = (ObjectNode) workflow.path("outputParameters");
        output.put("valid", "${verify_ref.output.valid}");
        output.put("verifiedKeyId", "${verify_ref.output.keyId}");
        return workflow;
    }

    /**
     * VERIFY_JWT naming a key the server holds verifies in the server, no worker polling anywhere:
     * a token it signed verifies, one signed by another key under the name's kid fails as the
     * contract says, a Google account's name is refused (verify with jwksUri), and a name it does
     * not hold still goes to the worker's queue.
     */
    private void verifiesItsHeldKeysTokensByNameInTheServer(ConductorApi api) {
        api.putWorkflowDefs(
                java.util.stream.Stream.concat(
                                java.util.stream.Stream.of(signThenVerifyByName()),
                                VerifyJwtContract.workflowDefs(EndToEnd.workflows()).stream())
                        .toList());

        JsonNode run =
                api.awaitEnd(
                        api.startWorkflow(SIGN_THEN_VERIFY_BY_NAME, input(SoftHsmToken.RSA)),
                        WORKFLOW_TIMEOUT);

        assertThat(run.path("status").asText())
                .as(run.path("reasonForIncompletion").asText())
                .isEqualTo("COMPLETED");
        String kid = thumbprint(hsm.publicKey(SoftHsmToken.RSA));
        assertThat(run.path("output").path("valid").asBoolean()).isTrue();
        assertThat(run.path("output").path("verifiedKeyId").asText()).isEqualTo(kid);
        JsonNode verified = run.path("tasks").path(1);
        // Our synchronous system task, run in the decide: no worker polled it.
        assertThat(verified.path("taskType").asText()).isEqualTo("VERIFY_JWT");
        assertThat(verified.path("pollCount").asInt()).isZero();
        assertThat(verified.path("workerId").asText()).isEmpty();

        // The name's kid, signed by another RSA key: the contract's SIGNATURE_INVALID.
        Map<String, Object> forged = new HashMap<>();
        forged.put(
                "token",
                IndependentSigner.token(
                        "RS256",
                        TestKeys.rsa(2048).getPrivate(),
                        kid,
                        Map.of("iss", "svc@example.iam.gserviceaccount.com")));
        forged.put("keyName", SoftHsmToken.RSA);
        JsonNode refused =
                api.awaitEnd(
                        api.startWorkflow(VerifyJwtContract.HELD_KEY, forged), WORKFLOW_TIMEOUT);
        JsonNode refusedTask = refused.path("tasks").path(0);
        assertThat(refusedTask.path("taskType").asText()).isEqualTo("VERIFY_JWT");
        assertThat(refusedTask.path("status").asText()).isEqualTo("FAILED_WITH_TERMINAL_ERROR");
        assertThat(refusedTask.path("outputData").path("errorCode").asText())
                .isEqualTo("SIGNATURE_INVALID");
        assertThat(refusedTask.path("reasonForIncompletion").asText())
                .startsWith("SIGNATURE_INVALID: ");

        // A Google account's keys are Google's to publish: refused as the worker refuses it.
        JsonNode google =
                api.awaitEnd(
                        api.startWorkflow(
                                VerifyJwtContract.HELD_KEY,
                                Map.of("token", "t", "keyName", GOOGLE_KEY)),
                        WORKFLOW_TIMEOUT);
        JsonNode googleTask = google.path("tasks").path(0);
        assertThat(googleTask.path("status").asText()).isEqualTo("FAILED_WITH_TERMINAL_ERROR");
        assertThat(googleTask.path("reasonForIncompletion").asText())
                .isEqualTo(
                        "keyName: its public keys are published by its provider, not by this"
                                + " server: verify with jwksUri");

        // A name the server does not hold: the worker's queue, where it waits for a worker.
        String elsewhere =
                api.startWorkflow(
                        VerifyJwtContract.HELD_KEY, Map.of("token", "t", "keyName", "orders-api"));
        JsonNode queued = api.workflow(elsewhere).path("tasks").path(0);
        assertThat(queued.path("taskType").asText()).isEqualTo("VERIFY_JWT_HELD_KEY");
        assertThat(queued.path("status").asText()).isEqualTo("SCHEDULED");
        api.terminate(elsewhere);
    }

    private static String thumbprint(java.security.PublicKey key) {
        return io.jsonwebtoken.security.Jwks.builder().key(key).idFromThumbprint().build().getId();
    }

    /**
     * Prints (asserts nothing of) the median start-to-end time of the held-key workflow on the
     * token key, run as the asynchronous twin, against the Orkes example signed in the decide loop,
     * one workflow at a time: the async path's added latency on this server.
     */
    private static void reportAsyncLatency(ConductorApi api) {
        Map<String, Object> example = new HashMap<>(input(null));
        example.remove("keyName");
        long[] sync = new long[LATENCY_RUNS];
        long[] async = new long[LATENCY_RUNS];
        for (int i = 0; i < LATENCY_RUNS; i++) {
            sync[i] =
                    elapsedMillis(
                            api.awaitEnd(
                                    api.startWorkflow("get_signed_jwt", example),
                                    WORKFLOW_TIMEOUT));
            async[i] =
                    elapsedMillis(
                            api.awaitEnd(
                                    api.startWorkflow(WORKFLOW, input(SoftHsmToken.RSA)),
                                    WORKFLOW_TIMEOUT));
        }
        java.util.Arrays.sort(sync);
        java.util.Arrays.sort(async);
        System.out.printf(
                "Workflow start-to-end, median of %d (p90): decide-loop signing %d ms (%d),"
                        + " GET_SIGNED_JWT_ASYNC on SoftHSM2 %d ms (%d)%n",
                LATENCY_RUNS,
                sync[LATENCY_RUNS / 2],
                sync[LATENCY_RUNS * 9 / 10],
                async[LATENCY_RUNS / 2],
                async[LATENCY_RUNS * 9 / 10]);
    }

    private static long elapsedMillis(JsonNode run) {
        assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
        return run.path("endTime").asLong() - run.path("startTime").asLong();
    }

    @Test
    void theWorkerSignsWithATokenKeyAndPublishesItInItsJwks() throws Exception {
        int jwksPort = ChildProcesses.freeLoopbackPort();
        try (ConductorServer server = EndToEnd.server(Map.of())) {
            ConductorApi api = EndToEnd.registered(server);
            Map<String, String> settings = new HashMap<>(tokenEnvironment());
            settings.put("CONDUCTOR_JWT_PKCS11_LIBRARY", SoftHsmToken.LIBRARY.toString());
            settings.put("CONDUCTOR_JWT_PKCS11_SLOT", Long.toString(hsm.slot()));
            settings.put(
                    "CONDUCTOR_JWT_PKCS11_KEYS", SoftHsmToken.RSA + "," + SoftHsmToken.EC_P256);
            settings.put("CONDUCTOR_JWT_JWKS_ADDRESS", "127.0.0.1:" + jwksPort);
            settings.put("CONDUCTOR_JWT_GOOGLE_ACCOUNTS", GOOGLE_KEY + "=" + GOOGLE_ACCOUNT);
            settings.put("CONDUCTOR_JWT_GOOGLE_CREDENTIALS", googleCredentials.toString());
            settings.put("CONDUCTOR_JWT_GOOGLE_ENDPOINT", google.uri().toString());
            try (WorkerProcess worker = EndToEnd.startWorker(server.baseUri(), settings)) {
                JsonNode run =
                        api.awaitEnd(
                                api.startWorkflow(WORKFLOW, input(SoftHsmToken.RSA)),
                                WORKFLOW_TIMEOUT);

                assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
                String jwks =
                        HTTP.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://127.0.0.1:"
                                                                        + jwksPort
                                                                        + "/.well-known/jwks.json"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body();
                IndependentVerifier.verifyWithJwks(run.path("output").path("token").asText(), jwks);

                assertSignedByGoogle(
                        api.awaitEnd(api.startWorkflow(WORKFLOW, googleInput()), WORKFLOW_TIMEOUT));
                assertNoSecretsIn(worker.log());
                assertNoSecretsIn(server.log());
            }
        }
    }

    /**
     * A held key that takes seconds to sign (a network HSM under load) holds up its own task only:
     * its workflow's start returns at once, and workflows signing with key text complete, one after
     * another, while it is still being signed. Were it signed in the decide loop, its start would
     * return only once it was signed.
     */
    @Test
    void aSignerTakingSecondsDoesNotSlowOtherWorkflows() throws Exception {
        DemoKey key = DemoKey.rsa(2048);
        Map<String, String> environment = new HashMap<>(tokenEnvironment());
        environment.put(EndToEnd.KEY_SECRET, key.privateKeyPem());
        List<String> settings = pluginSettings(dir.resolve("slow-jwks.json"));
        settings.add("--" + SlowHeldKeysConfiguration.SECONDS + "=" + SLOW_SIGNER.toSeconds());
        try (ConductorServer server =
                ConductorServer.start(
                        Path.of(System.getProperty("conductorjwt.server.jar")),
                        ExtraPluginJar.pluginDirWith(dir, SlowHeldKeysConfiguration.class),
                        environment,
                        settings)) {
            ConductorApi api = EndToEnd.registered(server);

            String slow = api.startWorkflow(WORKFLOW, input(SoftHsmToken.RSA));
            List<String> fast = new ArrayList<>();
            for (int i = 0; i < FAST_WORKFLOWS; i++) {
                Map<String, Object> example = new HashMap<>(input(null));
                example.remove("keyName");
                fast.add(api.startWorkflow("get_signed_jwt", example));
            }
            for (String id : fast) {
                JsonNode run = api.awaitEnd(id, WORKFLOW_TIMEOUT);
                assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
                IndependentVerifier.verify(
                        run.path("output").path("token").asText(), key.publicKey());
            }
            JsonNode meanwhile = api.workflow(slow);

            assertThat(meanwhile.path("status").asText())
                    .as("the slow workflow, once every other one completed")
                    .isEqualTo("RUNNING");
            assertThat(meanwhile.path("tasks").path(0).path("taskType").asText())
                    .isEqualTo("GET_SIGNED_JWT_ASYNC");
            JsonNode run = api.awaitEnd(slow, WORKFLOW_TIMEOUT);
            assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
            // The test's own held keys write no JWK Set: verified with the key's certificate.
            IndependentVerifier.verify(
                    run.path("output").path("token").asText(), hsm.publicKey(SoftHsmToken.RSA));
        }
    }

    /** It stops before it reaches any server: none is started. */
    @Test
    void theWorkerRefusesAWrongPinNamingTheSettingNeverThePin() {
        String wrongPin = "wrong-" + hsm.pin();
        Map<String, String> settings = new HashMap<>();
        settings.put("CONDUCTOR_SERVER_URL", "http://127.0.0.1:9/api");
        settings.put("SOFTHSM2_CONF", hsm.conf().toString());
        settings.put("CONDUCTOR_JWT_PKCS11_LIBRARY", SoftHsmToken.LIBRARY.toString());
        settings.put("CONDUCTOR_JWT_PKCS11_SLOT", Long.toString(hsm.spareSlot()));
        settings.put("CONDUCTOR_JWT_PKCS11_PIN", wrongPin);
        settings.put("CONDUCTOR_JWT_PKCS11_KEYS", SoftHsmToken.RSA);

        assertThatThrownBy(() -> WorkerProcess.start(EndToEnd.workerJar(), settings))
                .hasMessageContaining(
                        "Cannot start: CONDUCTOR_JWT_PKCS11_PIN the token refused the login; not"
                                + " retried, as tokens lock after a few wrong PINs")
                .hasMessageNotContaining(wrongPin)
                .hasMessageNotContaining(hsm.pin())
                .hasMessageNotContaining("\tat ");
    }
}
