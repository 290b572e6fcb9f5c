package io.github.conductorjwt.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.conductorjwt.core.IndependentVerifier;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * README's first command: starts the stock Conductor server with the plugin and a fresh key in
 * {@code CONDUCTOR_SECRET_jwt-privatekey}, registers {@code workflows/}, runs the Orkes example and
 * prints the token it signed, decoded and verified. Stops the server when done.
 *
 * <p>Arguments: server jar, plugin directory, workflows directory.
 */
public final class Demo {

    static final String WORKFLOW = "get_signed_jwt";
    static final String SECRET_ENV = "CONDUCTOR_SECRET_jwt-privatekey";

    private Demo() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println(
                    "usage: Demo <server-jar> <plugin-dir> <workflows-dir> <worker-jar>");
            System.exit(2);
        }
        Path serverJar = Path.of(args[0]);
        Path pluginDir = Path.of(args[1]);
        WorkflowFiles workflows = new WorkflowFiles(Path.of(args[2]));
        Path workerJar = Path.of(args[3]);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

        DemoKey key = DemoKey.rsa(2048);
        System.out.println(
                "Starting Conductor OSS ("
                        + serverJar.getFileName()
                        + ") with the plugin from "
                        + pluginDir
                        + " ...");
        try (ConductorServer server =
                ConductorServer.start(
                        serverJar, pluginDir, Map.of(SECRET_ENV, key.privateKeyPem()))) {
            System.out.printf(
                    "Server healthy at %s after %.1f s; fresh %s key in %s%n",
                    server.baseUri(), server.startTime().toMillis() / 1000.0, key, SECRET_ENV);
            ConductorApi api = new ConductorApi(server.baseUri());
            workflows.registerWith(api);
            int jwksPort = ChildProcesses.freeLoopbackPort();
            try (HeldKeyDir keys =
                            HeldKeyDir.create().add(HELD_KEY_NAME, HELD_KEY_ID, DemoKey.rsa(2048));
                    WorkerProcess worker =
                            WorkerProcess.start(
                                    workerJar,
                                    Map.of(
                                            "CONDUCTOR_SERVER_URL", server.baseUri() + "/api",
                                            "CONDUCTOR_JWT_KEYS_DIR", keys.path().toString(),
                                            "CONDUCTOR_JWT_JWKS_ADDRESS",
                                                    "127.0.0.1:" + jwksPort))) {
                System.out.println(
                        "Worker polling beside it, holding key '"
                                + HELD_KEY_NAME
                                + "' (kid "
                                + HELD_KEY_ID
                                + ")");
                runExample(api, key, json);
                runHeldKey(
                        api, URI.create("http://127.0.0.1:" + jwksPort + "/.well-known/jwks.json"));
            }
        }
    }

    static final String HELD_KEY_NAME = "demo";
    static final String HELD_KEY_ID = "demo-2026-11";

    /** The plugin path: the Orkes example, its key in a server secret. */
    private static void runExample(ConductorApi api, DemoKey key, ObjectMapper json)
            throws Exception {

        Map<String, Object> input =
                Map.of(
                        "subject", "demo-service@conductor-jwt.local",
                        "issuer", "demo-service@conductor-jwt.local",
                        "audience", "https://api.example.com",
                        "scope", "orders.read orders.write");
        Instant started = Instant.now();
        String id = api.startWorkflow(WORKFLOW, input);
        JsonNode workflow = api.awaitEnd(id, Duration.ofMinutes(1));
        JsonNode task = workflow.path("tasks").path(0);
        System.out.printf(
                "Workflow %s (%s) %s in %d ms%n",
                WORKFLOW,
                id,
                workflow.path("status").asText(),
                Duration.between(started, Instant.now()).toMillis());
        if (!"COMPLETED".equals(workflow.path("status").asText())) {
            throw new IllegalStateException(
                    "task ended "
                            + task.path("status").asText()
                            + ": "
                            + task.path("reasonForIncompletion").asText());
        }

        String token = task.path("outputData").path("token").asText();
        SignedJWT verified = IndependentVerifier.verify(token, key.publicKey());
        JWTClaimsSet claims = IndependentVerifier.claimsOf(verified);
        System.out.println();
        System.out.println("token:");
        System.out.println(token);
        System.out.println();
        System.out.println("header:");
        System.out.println(json.writeValueAsString(verified.getHeader().toJSONObject()));
        System.out.println("claims:");
        System.out.println(json.writeValueAsString(json.readTree(claims.toString())));
        long ttl = (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000;
        System.out.printf(
                "%nVerified: %s signature checks out against the demo public key (Nimbus JOSE+JWT); kid=%s, exp - iat = %d s%n",
                verified.getHeader().getAlgorithm(), verified.getHeader().getKeyID(), ttl);
    }

    /** The worker path: a key Conductor never sees, checked against the worker's published JWKS. */
    private static void runHeldKey(ConductorApi api, URI jwksUrl) throws Exception {
        String id =
                api.startWorkflow(
                        "get_signed_jwt_held_key",
                        Map.of(
                                "keyName", HELD_KEY_NAME,
                                "subject", "demo-service@conductor-jwt.local",
                                "issuer", "https://worker.conductor-jwt.local",
                                "audience", "https://api.example.com",
                                "scope", "orders.read"));
        JsonNode workflow = api.awaitEnd(id, Duration.ofMinutes(1));
        System.out.printf(
                "%nWorkflow get_signed_jwt_held_key (%s) %s%n",
                id, workflow.path("status").asText());
        if (!"COMPLETED".equals(workflow.path("status").asText())) {
            throw new IllegalStateException(
                    "task ended: "
                            + workflow.path("tasks")
                                    .path(0)
                                    .path("reasonForIncompletion")
                                    .asText());
        }
        SignedJWT token = SignedJWT.parse(workflow.path("output").path("token").asText());
        JWKSet published = JWKSet.load(jwksUrl.toURL());
        RSAKey signingKey = (RSAKey) published.getKeyByKeyId(token.getHeader().getKeyID());
        if (signingKey == null || !token.verify(new RSASSAVerifier(signingKey))) {
            throw new IllegalStateException(
                    "the worker's token does not verify against " + jwksUrl);
        }
        System.out.println(workflow.path("output").path("token").asText());
        System.out.printf(
                "Verified: signed by the worker with its held key (kid=%s), checked against the %d key(s) it publishes at %s%n",
                token.getHeader().getKeyID(), published.getKeys().size(), jwksUrl);
    }
}
