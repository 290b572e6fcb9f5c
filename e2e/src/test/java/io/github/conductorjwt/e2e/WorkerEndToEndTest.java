package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract on an unchanged stock server (no plugin) with the external worker, plus what only
 * the worker does: keys it holds, selected by keyName, published at its JWKS endpoint.
 */
class WorkerEndToEndTest extends GetSignedJwtContract {

    private static final String HELD_KEY_WORKFLOW = "get_signed_jwt_held_key";

    /** Rotation: both published, the later kid signs. */
    private static final DemoKey OLD_HELD_KEY = DemoKey.rsa(2048);

    private static final DemoKey HELD_KEY = DemoKey.rsa(2048);

    private URI jwksUrl;
    private ConductorApi api;
    private WorkerProcess worker;

    @Override
    protected Conductor startConductor(Map<String, String> serverEnvironment) {
        ConductorServer server =
                ConductorServer.start(
                        Path.of(System.getProperty("conductorjwt.server.jar")),
                        null,
                        serverEnvironment);
        try {
            Path keys = Files.createTempDirectory("held-keys-");
            Path orders = Files.createDirectories(keys.resolve("orders-api"));
            Files.writeString(orders.resolve("2026-10-01.pem"), OLD_HELD_KEY.privateKeyPem());
            Files.writeString(orders.resolve("2026-11-01.pem"), HELD_KEY.privateKeyPem());
            int jwksPort = freePort();
            jwksUrl = URI.create("http://127.0.0.1:" + jwksPort + "/.well-known/jwks.json");
            Map<String, String> environment = new HashMap<>();
            environment.put("CONDUCTOR_SERVER_URL", server.baseUri() + "/api");
            environment.put("CONDUCTOR_JWT_KEYS_DIR", keys.toString());
            environment.put("CONDUCTOR_JWT_JWKS_ADDRESS", "127.0.0.1:" + jwksPort);
            environment.put("CONDUCTOR_JWT_WORKER_POLL_INTERVAL_MS", "50");
            worker =
                    WorkerProcess.start(
                            Path.of(System.getProperty("conductorjwt.worker.jar")), environment);
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        }
        api = new ConductorApi(server.baseUri());
        WorkerProcess started = worker;
        return new Conductor() {
            @Override
            public ConductorApi api() {
                return api;
            }

            @Override
            public String logs() {
                return server.log() + "\n" + started.log();
            }

            @Override
            public void close() {
                started.close();
                server.close();
            }
        };
    }

    private JsonNode runHeldKey(Map<String, ?> input) {
        return api.awaitEnd(api.startWorkflow(HELD_KEY_WORKFLOW, input), WORKFLOW_TIMEOUT);
    }

    private static Map<String, Object> heldKeyInput(String keyName) {
        return Map.of(
                "keyName", keyName,
                "subject", "orders-service",
                "issuer", "https://issuer.conductor-jwt.test",
                "audience", "https://orders.conductor-jwt.test",
                "scope", "orders.read");
    }

    @Test
    void aHeldKeySignsAndTheTokenVerifiesAgainstTheWorkersJwks() throws Exception {
        JsonNode workflow = runHeldKey(heldKeyInput("orders-api"));

        assertThat(workflow.path("status").asText())
                .as(workflow.path("reasonForIncompletion").asText())
                .isEqualTo("COMPLETED");
        SignedJWT token = SignedJWT.parse(workflow.path("output").path("token").asText());
        assertThat(token.getHeader().getKeyID()).isEqualTo("2026-11-01");

        JWKSet published = JWKSet.load(jwksUrl.toURL());
        assertThat(published.getKeys())
                .extracting(JWK::getKeyID)
                .containsExactlyInAnyOrder("2026-10-01", "2026-11-01");
        assertThat(published.getKeys())
                .allSatisfy(
                        jwk -> {
                            assertThat(jwk.isPrivate()).isFalse();
                            assertThat(jwk.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
                            assertThat(jwk.getAlgorithm().getName()).isEqualTo("RS256");
                        });
        RSAKey signing = (RSAKey) published.getKeyByKeyId(token.getHeader().getKeyID());
        assertThat(token.verify(new RSASSAVerifier(signing))).isTrue();
        assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("orders-service");

        // Nothing of the held keys went through Conductor or into the logs.
        String workflowJson = api.workflowJson(workflow.path("workflowId").asText());
        assertNoKeyText(workflowJson, HELD_KEY.privateKeyPem());
        assertNoKeyText(worker.log(), HELD_KEY.privateKeyPem());
        assertNoKeyText(worker.log(), OLD_HELD_KEY.privateKeyPem());
    }

    @Test
    void anUnknownKeyNameFailsTerminally() {
        JsonNode workflow = runHeldKey(heldKeyInput("payments-api"));

        assertTerminalFailure(
                workflow,
                "keyName: this worker holds no key named 'payments-api' (it holds: orders-api)");
    }

    @Test
    void aKeyNameAndAPrivateKeyTogetherFailTerminally() {
        JsonNode both =
                WorkflowVariants.withSecret(
                        new WorkflowFiles(Path.of(System.getProperty("conductorjwt.workflows.dir")))
                                .workflowDef(HELD_KEY_WORKFLOW),
                        "jwt_held_key_and_private_key",
                        "jwt-privatekey");
        api.putWorkflowDefs(List.of(both));

        JsonNode workflow =
                api.awaitEnd(
                        api.startWorkflow(
                                "jwt_held_key_and_private_key", heldKeyInput("orders-api")),
                        WORKFLOW_TIMEOUT);

        assertTerminalFailure(workflow, "keyName: give keyName or privateKey, not both");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
