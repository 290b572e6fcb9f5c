package io.github.conductorjwt.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.github.conductorjwt.core.IndependentVerifier;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * README's first command: starts the stock Conductor server with the plugin and a fresh key in
 * {@code CONDUCTOR_SECRET_jwt-privatekey}, and the worker beside it holding a key of its own;
 * registers {@code workflows/}, runs the Orkes example (plugin path) and the held-key workflow
 * (worker path), and prints both tokens decoded and verified with Nimbus, then what was shown and
 * where to go next. Stops everything it started.
 *
 * <p>Arguments: server jar, plugin directory, workflows directory, worker jar, the server's
 * version, and when the build began (ISO-8601, for the progress stamps).
 */
public final class Demo {

    static final String WORKFLOW = "get_signed_jwt";
    static final String HELD_KEY_WORKFLOW = "get_signed_jwt_held_key";
    static final String SECRET_ENV = "CONDUCTOR_SECRET_jwt-privatekey";
    static final String HELD_KEY_NAME = "demo";

    /** Named for the month it was made, as rotated keys are; the demo makes a fresh one. */
    static final String HELD_KEY_ID = "demo-" + YearMonth.now(ZoneOffset.UTC);

    static final String NIMBUS = "Nimbus JOSE+JWT (not JJWT, which signed it)";

    private Demo() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println(
                    "usage: Demo <server-jar> <plugin-dir> <workflows-dir> <worker-jar>"
                            + " <server-version> <build-start>");
            System.exit(2);
        }
        Path serverJar = Path.of(args[0]);
        Path pluginDir = Path.of(args[1]);
        WorkflowFiles workflows = new WorkflowFiles(Path.of(args[2]));
        Path workerJar = Path.of(args[3]);
        String serverVersion = args[4];
        DemoLog log = new DemoLog(Instant.parse(args[5]));

        DemoKey key = DemoKey.rsa(2048);
        log.step(
                "Built. Starting the stock Conductor OSS "
                        + serverVersion
                        + " server with the conductor-jwt plugin on its loader.path,");
        log.detail(
                "a fresh 2048-bit RSA key in its secret jwt-privatekey ("
                        + SECRET_ENV
                        + ")\nand a throw-away SQLite database. It takes 15 s on an idle machine,"
                        + " minutes on a busy one.");
        try (ConductorServer server =
                log.whileWaiting(
                        "waiting for the server's /health",
                        () ->
                                ConductorServer.start(
                                        serverJar,
                                        pluginDir,
                                        Map.of(SECRET_ENV, key.privateKeyPem())))) {
            log.step(
                    "Server healthy at "
                            + server.baseUri()
                            + " after "
                            + server.startTime().toSeconds()
                            + " s.");
            ConductorApi api = new ConductorApi(server.baseUri());
            workflows.registerWith(api);
            log.step(
                    "Registered workflows/: "
                            + workflows.taskDefs().size()
                            + " task definition, "
                            + workflows.workflowDefs().size()
                            + " workflows.");
            int jwksPort = ChildProcesses.freeLoopbackPort();
            URI jwks = URI.create("http://127.0.0.1:" + jwksPort + "/.well-known/jwks.json");
            log.step(
                    "Starting the conductor-jwt worker beside it, holding its own key '"
                            + HELD_KEY_NAME
                            + "' (kid "
                            + HELD_KEY_ID
                            + ") ...");
            try (HeldKeyDir keys =
                            HeldKeyDir.create().add(HELD_KEY_NAME, HELD_KEY_ID, DemoKey.rsa(2048));
                    WorkerProcess worker =
                            log.whileWaiting(
                                    "waiting for the worker to poll",
                                    () ->
                                            WorkerProcess.start(
                                                    workerJar,
                                                    Map.of(
                                                            "CONDUCTOR_SERVER_URL",
                                                            server.baseUri() + "/api",
                                                            "CONDUCTOR_JWT_KEYS_DIR",
                                                            keys.path().toString(),
                                                            "CONDUCTOR_JWT_JWKS_ADDRESS",
                                                            "127.0.0.1:" + jwksPort)))) {
                log.step("Worker polling; it publishes its public key at " + jwks);
                log.blank();
                runExample(log, api, key);
                log.blank();
                runHeldKey(log, api, jwks);
            }
        }
        log.blank();
        log.step("Stopped the server and the worker; their temporary files are deleted.");
        log.blank();
        System.out.println(WHAT_YOU_SAW);
    }

    /** The plugin path: the Orkes example, its key in a server secret. */
    private static void runExample(DemoLog log, ConductorApi api, DemoKey key) {
        log.step(
                "1. The plugin path: workflow "
                        + WORKFLOW
                        + " (workflows/"
                        + WORKFLOW
                        + ".json, written for Orkes),");
        log.detail("its key from ${workflow.secrets.jwt-privatekey}, signed inside the server.");
        JsonNode workflow =
                completed(
                        api,
                        WORKFLOW,
                        Map.of(
                                "subject", "demo-service@conductor-jwt.local",
                                "issuer", "demo-service@conductor-jwt.local",
                                "audience", "https://api.example.com",
                                "scope", "orders.read orders.write"),
                        log);
        String token = workflow.path("tasks").path(0).path("outputData").path("token").asText();
        SignedJWT verified = IndependentVerifier.verify(token, key.publicKey());
        DecodedToken.print(log, verified);
        log.detail(
                "Verified: the "
                        + verified.getHeader().getAlgorithm()
                        + " signature checks out against the public half of the fresh key, with "
                        + NIMBUS
                        + ".");
    }

    /** The worker path: a key Conductor never sees, checked against the worker's JWKS. */
    private static void runHeldKey(DemoLog log, ConductorApi api, URI jwksUrl) throws Exception {
        log.step(
                "2. The worker path: workflow "
                        + HELD_KEY_WORKFLOW
                        + " names keyName '"
                        + HELD_KEY_NAME
                        + "';");
        log.detail("Conductor hands the task to the worker, which signs with the key it holds.");
        JsonNode workflow =
                completed(
                        api,
                        HELD_KEY_WORKFLOW,
                        Map.of(
                                "keyName", HELD_KEY_NAME,
                                "subject", "demo-service@conductor-jwt.local",
                                "issuer", "https://worker.conductor-jwt.local",
                                "audience", "https://api.example.com",
                                "scope", "orders.read"),
                        log);
        SignedJWT token = SignedJWT.parse(workflow.path("output").path("token").asText());
        JWKSet published = JWKSet.load(jwksUrl.toURL());
        RSAKey signingKey = (RSAKey) published.getKeyByKeyId(token.getHeader().getKeyID());
        if (signingKey == null) {
            throw new IllegalStateException(
                    "the worker does not publish kid " + token.getHeader().getKeyID());
        }
        IndependentVerifier.verify(token.serialize(), signingKey.toRSAPublicKey());
        DecodedToken.print(log, token);
        log.detail(
                "Verified: kid "
                        + token.getHeader().getKeyID()
                        + " found among the "
                        + published.getKeys().size()
                        + " key(s) the worker publishes at "
                        + jwksUrl
                        + ",\nand the signature checks out against it, with "
                        + NIMBUS
                        + ".");
    }

    /** Starts the workflow; the workflow once it ended COMPLETED, its task's reason otherwise. */
    private static JsonNode completed(
            ConductorApi api, String name, Map<String, ?> input, DemoLog log) {
        Instant started = Instant.now();
        String id = api.startWorkflow(name, input);
        JsonNode workflow = api.awaitEnd(id, Duration.ofMinutes(1));
        String status = workflow.path("status").asText();
        log.detail(
                "Workflow "
                        + id
                        + " "
                        + status
                        + " in "
                        + Duration.between(started, Instant.now()).toMillis()
                        + " ms.");
        if (!"COMPLETED".equals(status)) {
            throw new IllegalStateException(
                    "the task ended "
                            + workflow.path("tasks").path(0).path("status").asText()
                            + ": "
                            + workflow.path("tasks")
                                    .path(0)
                                    .path("reasonForIncompletion")
                                    .asText());
        }
        return workflow;
    }

    static final String WHAT_YOU_SAW =
            """
            What you just saw
              1. The plugin path: a stock Conductor OSS server signed the JWT itself (GET_SIGNED_JWT,
                 the plugin jar on its loader.path), its key a Conductor secret the workflow names.
                 The same workflow JSON runs on Orkes Conductor unchanged.
              2. The worker path: a key Conductor never sees, held by the conductor-jwt worker, which
                 takes the task, signs, and publishes the public key as a JWKS for your verifiers.
              Both tokens were decoded and verified above by another JOSE library than the signer.

            Next
              README.md, "On your own server"   the same on your server: one copy-paste block
                                                 (server jar, key, register, run, verify)
              docs/task-reference.md            every input, output, error and algorithm
              docs/worker.md                    keys the worker holds, rotation, health
              docs/security.md                  before you use it with real keys
            """;
}
