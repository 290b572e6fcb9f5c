package io.github.conductorjwt.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
        if (args.length != 3) {
            System.err.println("usage: Demo <server-jar> <plugin-dir> <workflows-dir>");
            System.exit(2);
        }
        Path serverJar = Path.of(args[0]);
        Path pluginDir = Path.of(args[1]);
        WorkflowFiles workflows = new WorkflowFiles(Path.of(args[2]));
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
                System.out.println(
                        "Task ended "
                                + task.path("status").asText()
                                + ": "
                                + task.path("reasonForIncompletion").asText());
                System.exit(1);
            }

            String token = task.path("outputData").path("token").asText();
            TokenVerifier.VerifiedToken verified = TokenVerifier.verify(token, key.publicKey());
            System.out.println();
            System.out.println("token:");
            System.out.println(token);
            System.out.println();
            System.out.println("header:");
            System.out.println(json.writeValueAsString(verified.jwt().getHeader().toJSONObject()));
            System.out.println("claims:");
            System.out.println(
                    json.writeValueAsString(json.readTree(verified.claims().toString())));
            long ttl =
                    (verified.claims().getExpirationTime().getTime()
                                    - verified.claims().getIssueTime().getTime())
                            / 1000;
            System.out.printf(
                    "%nVerified: %s signature checks out against the demo public key (Nimbus JOSE+JWT); kid=%s, exp - iat = %d s%n",
                    verified.jwt().getHeader().getAlgorithm(),
                    verified.jwt().getHeader().getKeyID(),
                    ttl);
        }
    }
}
