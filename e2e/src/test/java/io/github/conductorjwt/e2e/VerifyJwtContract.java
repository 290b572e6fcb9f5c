package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.github.conductorjwt.core.HostileTokens;
import io.github.conductorjwt.core.IndependentSigner;
import io.github.conductorjwt.core.TestKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * VERIFY_JWT on a real server, run by every way of running the task ({@link GetSignedJwtContract}
 * implements this): the workflows {@code sign_then_verify_jwt}, {@code verify_webhook_jwt} and
 * {@code verify_jwt_jwks} from {@code workflows/}, tokens made by GET_SIGNED_JWT or by Nimbus.
 */
interface VerifyJwtContract {

    String SIGN_THEN_VERIFY = "sign_then_verify_jwt";
    String WEBHOOK = "verify_webhook_jwt";
    String JWKS = "verify_jwt_jwks";

    /** verify_jwt_jwks with the key from the input and failOnInvalid false: the corpus's. */
    String HOSTILE = "verify_jwt_hostile";

    static List<JsonNode> workflowDefs(WorkflowFiles workflows) {
        ObjectNode variant = workflows.workflowDef(JWKS).deepCopy();
        variant.put("name", HOSTILE);
        ObjectNode parameters = (ObjectNode) variant.path("tasks").path(0).path("inputParameters");
        parameters.remove(List.of("jwksUri", "issuer", "audience"));
        parameters.put("publicKey", "${workflow.input.publicKey}");
        parameters.put("failOnInvalid", false);
        ((ObjectNode) variant.path("outputParameters"))
                .put("errorCode", "${verify_ref.output.errorCode}");
        ObjectNode held = workflows.workflowDef(JWKS).deepCopy();
        held.put("name", HELD_KEY);
        ObjectNode heldParameters = (ObjectNode) held.path("tasks").path(0).path("inputParameters");
        heldParameters.remove("jwksUri");
        heldParameters.put("keyName", "${workflow.input.keyName}");
        return List.of(variant, held);
    }

    /** verify_jwt_jwks with a keyName in place of the jwksUri. */
    String HELD_KEY = "verify_jwt_held_key";

    @Test
    default void aHeldKeysTokenVerifiesByKeyNameOnTheWorker() {
        JsonNode workflow =
                run(
                        HELD_KEY,
                        Map.of(
                                "token",
                                heldKeyToken(),
                                "keyName",
                                HeldKeyWorker.KEY_NAME,
                                "issuer",
                                "https://issuer.conductor-jwt.test",
                                "audience",
                                "https://orders.conductor-jwt.test"));

        assertThat(workflow.path("status").asText())
                .as(workflow.path("reasonForIncompletion").asText())
                .isEqualTo("COMPLETED");
        assertThat(workflow.path("output").path("keyId").asText())
                .isEqualTo(HeldKeyWorker.ACTIVE_KID);
        JsonNode unknown =
                run(HELD_KEY, Map.of("token", heldKeyToken(), "keyName", "payments-api"));
        assertThat(task(unknown, "verify_ref").path("reasonForIncompletion").asText())
                .isEqualTo(
                        "keyName: this worker publishes no key by that name (it publishes:"
                                + " orders-api)");
    }

    /**
     * The hostile-token corpus: each ends with its code, the workflow completes, nothing echoed.
     */
    @TestFactory
    default Stream<DynamicTest> hostileTokensEndWithTheirCodeOnARealServer() {
        return HostileTokens.all().stream()
                // Conductor on PostgreSQL cannot store a NUL in workflow input (jsonb refuses
                // \u0000: the start answers 500 before any task runs), so such tokens stay with
                // the unit tests (VerifyJwtTaskHandlerTest), as the signing corpus's NUL cases do.
                .filter(hostile -> !hostile.token().get().contains("\u0000"))
                .map(
                        hostile ->
                                dynamicTest(
                                        hostile.name(),
                                        () -> {
                                            String token = hostile.token().get();
                                            JsonNode workflow =
                                                    run(
                                                            HOSTILE,
                                                            Map.of(
                                                                    "token",
                                                                    token,
                                                                    "publicKey",
                                                                    HostileTokens.publicKeyPem()));

                                            assertThat(workflow.path("status").asText())
                                                    .isEqualTo("COMPLETED");
                                            assertThat(
                                                            workflow.path("output")
                                                                    .path("valid")
                                                                    .asBoolean())
                                                    .isFalse();
                                            assertThat(
                                                            workflow.path("output")
                                                                    .path("errorCode")
                                                                    .asText())
                                                    .isEqualTo(hostile.expected());
                                            String output =
                                                    task(workflow, "verify_ref")
                                                            .path("outputData")
                                                            .toString();
                                            assertThat(output.length()).isLessThan(1_000);
                                            for (String part : token.split("\\.")) {
                                                if (part.length() >= 16) {
                                                    assertThat(output)
                                                            .doesNotContain(part.substring(0, 16));
                                                }
                                            }
                                        }));
    }

    /** The webhook's shared secret, in the Conductor secret {@code webhook-secret}. */
    String WEBHOOK_SECRET = "a webhook secret of at least thirty-two bytes, shared";

    /** What the operator allows on both paths: plain http to 127.0.0.1 only (tests). */
    String ALLOWED_HOSTS = "http://127.0.0.1";

    static Map<String, String> secrets() {
        return Map.of("webhook-secret", WEBHOOK_SECRET);
    }

    /** The server's environment (the plugin reads conductor.jwt.verify.jwks-allowed-hosts). */
    static Map<String, String> serverEnvironment() {
        return Map.of("CONDUCTOR_JWT_VERIFY_JWKSALLOWEDHOSTS", ALLOWED_HOSTS);
    }

    JsonNode run(String workflowName, Map<String, ?> input);

    /** Starts the workflow on node {@code node} (0 is A) and waits for its end there. */
    JsonNode runOn(int node, String workflowName, Map<String, ?> input);

    /** How many nodes workflows can start on: one for a single server. */
    int nodes();

    /** The key GET_SIGNED_JWT signs with in {@code sign_then_verify_jwt}. */
    DemoKey signingKey();

    /** The held-key worker's JWKS, and a token one of its keys signed. */
    URI workerJwksUrl();

    String heldKeyToken();

    private static String publicPem(java.security.PublicKey key) {
        return TestKeys.pem("PUBLIC KEY", key.getEncoded());
    }

    private static JsonNode task(JsonNode workflow, String referenceName) {
        for (JsonNode task : workflow.path("tasks")) {
            if (task.path("referenceTaskName").asText().equals(referenceName)) {
                return task;
            }
        }
        throw new AssertionError("no task " + referenceName + " in " + workflow.path("tasks"));
    }

    @Test
    default void aSignedTokenVerifiesWithTheInlinePublicKey() {
        Map<String, Object> input = new HashMap<>();
        input.put("subject", "orders-service");
        input.put("issuer", "https://issuer.conductor-jwt.test");
        input.put("audience", "https://api.conductor-jwt.test");
        input.put("publicKey", publicPem(signingKey().publicKey()));

        JsonNode workflow = run(SIGN_THEN_VERIFY, input);

        assertThat(workflow.path("status").asText())
                .as(workflow.path("reasonForIncompletion").asText())
                .isEqualTo("COMPLETED");
        assertThat(workflow.path("output").path("valid").asBoolean()).isTrue();
        assertThat(workflow.path("output").path("subject").asText()).isEqualTo("orders-service");
        assertThat(workflow.path("output").path("keyId").asText()).isEqualTo("key-123");
        JsonNode verify = task(workflow, "verify_ref");
        assertThat(verify.path("outputData").path("algorithm").asText()).isEqualTo("RS256");
        assertThat(verify.path("outputData").path("expiresAt").asLong())
                .isEqualTo(
                        task(workflow, "sign_ref").path("outputData").path("expiresAt").asLong());
    }

    @Test
    default void anotherKeyFailsTheWorkflowTerminallyWithTheCodeFirst() {
        Map<String, Object> input = new HashMap<>();
        input.put("subject", "orders-service");
        input.put("issuer", "https://issuer.conductor-jwt.test");
        input.put("audience", "https://api.conductor-jwt.test");
        input.put("publicKey", publicPem(TestKeys.rsa(2048).getPublic()));

        JsonNode workflow = run(SIGN_THEN_VERIFY, input);

        assertThat(workflow.path("status").asText()).isEqualTo("FAILED");
        JsonNode verify = task(workflow, "verify_ref");
        assertThat(verify.path("status").asText()).isEqualTo("FAILED_WITH_TERMINAL_ERROR");
        assertThat(verify.path("reasonForIncompletion").asText()).startsWith("SIGNATURE_INVALID: ");
        assertThat(verify.path("outputData").path("errorCode").asText())
                .isEqualTo("SIGNATURE_INVALID");
        assertThat(verify.path("outputData").has("claims")).isFalse();
    }

    private static String webhookToken(Map<String, ?> claims) {
        return IndependentSigner.token(
                "HS256", WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), null, claims);
    }

    private static Map<String, Object> webhookClaims(long expiresIn) {
        long now = Instant.now().getEpochSecond();
        return Map.of(
                "iss", "https://webhooks.conductor-jwt.test",
                "aud", "orders-webhook",
                "sub", "partner-7",
                "iat", now - 5,
                "exp", now + expiresIn);
    }

    @Test
    default void aWebhooksTokenIsCheckedAndTheWorkflowBranchesOnValid() {
        JsonNode accepted =
                run(WEBHOOK, Map.of("authorization", "Bearer " + webhookToken(webhookClaims(300))));
        String expiredToken = webhookToken(webhookClaims(-120));
        JsonNode expired = run(WEBHOOK, Map.of("authorization", "Bearer " + expiredToken));
        JsonNode forged =
                run(
                        WEBHOOK,
                        Map.of(
                                "authorization",
                                IndependentSigner.token(
                                        "HS256",
                                        "not the webhook secret, but as long as it"
                                                .getBytes(StandardCharsets.UTF_8),
                                        null,
                                        webhookClaims(300))));
        JsonNode none = run(WEBHOOK, Map.of());

        assertThat(accepted.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(accepted.path("output").path("outcome").asText()).isEqualTo("accepted");
        assertThat(accepted.path("output").path("caller").asText()).isEqualTo("partner-7");
        for (var rejected :
                List.of(
                        Map.entry(expired, "EXPIRED"),
                        Map.entry(forged, "SIGNATURE_INVALID"),
                        Map.entry(none, "MALFORMED"))) {
            JsonNode workflow = rejected.getKey();
            assertThat(workflow.path("status").asText()).isEqualTo("COMPLETED");
            assertThat(workflow.path("output").path("outcome").asText()).isEqualTo("rejected");
            assertThat(workflow.path("output").path("errorCode").asText())
                    .isEqualTo(rejected.getValue());
            assertThat(task(workflow, "verify_ref").path("outputData").has("claims")).isFalse();
        }
        // The token is never echoed in the task's output or reason.
        assertThat(task(expired, "verify_ref").path("outputData").toString())
                .doesNotContain(expiredToken.substring(expiredToken.lastIndexOf('.') + 1));
    }

    @Test
    default void aHeldKeysTokenVerifiesAgainstTheWorkersOwnJwks() {
        JsonNode workflow =
                run(
                        JWKS,
                        Map.of(
                                "token",
                                heldKeyToken(),
                                "jwksUri",
                                workerJwksUrl().toString(),
                                "issuer",
                                "https://issuer.conductor-jwt.test",
                                "audience",
                                "https://orders.conductor-jwt.test"));

        assertThat(workflow.path("status").asText())
                .as(workflow.path("reasonForIncompletion").asText())
                .isEqualTo("COMPLETED");
        assertThat(workflow.path("output").path("valid").asBoolean()).isTrue();
        assertThat(workflow.path("output").path("keyId").asText())
                .isEqualTo(HeldKeyWorker.ACTIVE_KID);
        assertThat(workflow.path("output").path("subject").asText()).isEqualTo("orders-service");
    }

    /** A JWKS server on loopback that counts its requests and can rotate its keys. */
    final class JwksServer implements AutoCloseable {
        final HttpServer server;
        final AtomicInteger requests = new AtomicInteger();
        final AtomicReference<String> body = new AtomicReference<>();

        JwksServer(String jwks) throws IOException {
            body.set(jwks);
            server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext(
                    "/jwks.json",
                    exchange -> {
                        requests.incrementAndGet();
                        byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
                        exchange.getResponseHeaders().add("Cache-Control", "max-age=3600");
                        exchange.sendResponseHeaders(200, bytes.length);
                        exchange.getResponseBody().write(bytes);
                        exchange.close();
                    });
            server.start();
        }

        String url(String host) {
            return "http://" + host + ":" + server.getAddress().getPort() + "/jwks.json";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static String jwk(KeyPair pair, String kid) {
        return io.jsonwebtoken.security.Jwks.json(
                io.jsonwebtoken.security.Jwks.builder().key(pair.getPublic()).id(kid).build());
    }

    private static Map<String, Object> idTokenInput(String token, String jwksUri) {
        return Map.of(
                "token",
                token,
                "jwksUri",
                jwksUri,
                "issuer",
                "https://issuer.example",
                "audience",
                "https://api.example");
    }

    /**
     * Apigee's NoMatchingPublicKey: the provider rotates while its set is cached for an hour; the
     * new key's first token verifies, with one more fetch.
     */
    // Each node keeps its own JWK Set cache, and a jwksUri task runs on whichever node's
    // system-task worker polls it first (the queue is the cluster's), so before the rotation each
    // node that ran one fetched once; the rotated key then costs exactly one more fetch, whichever
    // node runs it (a stale set refetches for the unknown kid, an empty one fetches anew).
    @Test
    default void aKeyRotatedInMidRunVerifiesOnItsFirstToken() throws IOException {
        KeyPair first = TestKeys.rsa(2048);
        KeyPair second = TestKeys.rsa(2048);
        try (JwksServer jwks = new JwksServer("{\"keys\":[" + jwk(first, "first") + "]}")) {
            String url = jwks.url("127.0.0.1");
            JsonNode before =
                    runOn(
                            0,
                            JWKS,
                            idTokenInput(
                                    IndependentSigner.token(
                                            "RS256", first.getPrivate(), "first", Map.of()),
                                    url));
            JsonNode again =
                    runOn(
                            0,
                            JWKS,
                            idTokenInput(
                                    IndependentSigner.token(
                                            "RS256", first.getPrivate(), "first", Map.of()),
                                    url));
            int fetchesBefore = jwks.requests.get();

            jwks.body.set("{\"keys\":[" + jwk(first, "first") + "," + jwk(second, "second") + "]}");
            JsonNode rotated =
                    runOn(
                            0,
                            JWKS,
                            idTokenInput(
                                    IndependentSigner.token(
                                            "RS256", second.getPrivate(), "second", Map.of()),
                                    url));

            assertThat(before.path("output").path("valid").asBoolean()).isTrue();
            assertThat(again.path("output").path("valid").asBoolean()).isTrue();
            assertThat(fetchesBefore).isBetween(1, nodes());
            assertThat(rotated.path("status").asText())
                    .as(rotated.path("reasonForIncompletion").asText())
                    .isEqualTo("COMPLETED");
            assertThat(rotated.path("output").path("keyId").asText()).isEqualTo("second");
            assertThat(jwks.requests.get()).isEqualTo(fetchesBefore + 1);
        }
    }

    /** The operator allowed 127.0.0.1 only: "localhost" is another host, never fetched. */
    @Test
    default void aHostTheOperatorDidNotAllowIsRefusedWithoutARequest() throws IOException {
        KeyPair key = TestKeys.rsa(2048);
        try (JwksServer jwks = new JwksServer("{\"keys\":[" + jwk(key, "k") + "]}")) {
            JsonNode workflow =
                    run(
                            JWKS,
                            idTokenInput(
                                    IndependentSigner.token(
                                            "RS256", key.getPrivate(), "k", Map.of()),
                                    jwks.url("localhost")));

            assertThat(workflow.path("status").asText()).isEqualTo("FAILED");
            JsonNode verify = task(workflow, "verify_ref");
            assertThat(verify.path("status").asText()).isEqualTo("FAILED_WITH_TERMINAL_ERROR");
            assertThat(verify.path("reasonForIncompletion").asText())
                    .startsWith("jwksUri: names a host the operator did not allow");
            assertThat(jwks.requests.get()).isZero();
        }
    }
}
