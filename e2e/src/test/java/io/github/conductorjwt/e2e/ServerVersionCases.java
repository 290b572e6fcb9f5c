package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.SignedJWT;
import io.github.conductorjwt.core.IndependentSigner;
import io.github.conductorjwt.core.IndependentVerifier;
import io.github.conductorjwt.core.TestKeys;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link ServerVersionsRun} runs on each server version: the real JSON from {@code workflows/}
 * (or a variant of it that takes its key as input), started over HTTP, tokens checked with Nimbus.
 * Each case returns what it saw, or throws naming what went wrong.
 */
final class ServerVersionCases {

    /** One case: a name for the table, and the check against one server. */
    record Case(String name, Check check) {}

    @FunctionalInterface
    interface Check {
        String run(ServerVersion version, ConductorApi api) throws Exception;
    }

    /** The Orkes example with every input, the key included, from the workflow input. */
    static final String KEY_FROM_INPUT = "jwt_key_from_input";

    /** verify_jwt_jwks with the public key from the workflow input in place of the jwksUri. */
    static final String VERIFY_WITH_KEY = "verify_jwt_with_key";

    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final DemoKey RSA = DemoKey.rsa(2048);
    private static final KeyPair EC = TestKeys.ec("secp256r1");
    private static final KeyPair ED25519 = TestKeys.generate("Ed25519", 0, null);
    private static final String HMAC_SECRET = TestKeys.base64Secret(32);
    private static final String ISSUER = "https://issuer.conductor-jwt.test";
    private static final String AUDIENCE = "https://orders.conductor-jwt.test";

    private ServerVersionCases() {}

    /** The server's environment: {@link #RSA} as secret {@code jwt-privatekey}. */
    static Map<String, String> serverEnvironment() {
        return Map.of(EndToEnd.KEY_SECRET, RSA.privateKeyPem());
    }

    /** The variants of {@code workflows/} the cases run beside the files themselves. */
    static List<JsonNode> workflowDefs(WorkflowFiles workflows) {
        ObjectNode keyFromInput =
                (ObjectNode)
                        WorkflowVariants.allFromInput(
                                workflows.workflowDef(GetSignedJwtContract.EXAMPLE),
                                KEY_FROM_INPUT);
        ((ObjectNode) keyFromInput.path("tasks").path(0).path("inputParameters"))
                .put("privateKey", "${workflow.input.privateKey}");
        ObjectNode verify = workflows.workflowDef(VerifyJwtContract.JWKS).deepCopy();
        verify.put("name", VERIFY_WITH_KEY);
        ObjectNode parameters = (ObjectNode) verify.path("tasks").path(0).path("inputParameters");
        parameters.remove("jwksUri");
        parameters.put("publicKey", "${workflow.input.publicKey}");
        return List.of(keyFromInput, verify);
    }

    static List<Case> all() {
        return List.of(
                new Case(
                        "Orkes example, key from ${workflow.secrets...}",
                        ServerVersionCases::secret),
                keyFromInput("RS256", RSA.privateKeyPem(), RSA.publicKey()),
                keyFromInput("ES256", TestKeys.pkcs8Pem(EC), EC.getPublic()),
                keyFromInput(
                        "HS256",
                        HMAC_SECRET,
                        Base64.getDecoder().decode(HMAC_SECRET.substring("base64:".length()))),
                keyFromInput("EdDSA", TestKeys.pkcs8Pem(ED25519), ED25519.getPublic()),
                new Case("refusal: bad input names the field", ServerVersionCases::refusal),
                new Case("VERIFY_JWT with a key", ServerVersionCases::verify),
                new Case("held key, signed by the worker", ServerVersionCases::heldKey));
    }

    /**
     * From 3.31.2 the server resolves the secret and the token verifies; before, the reference
     * resolves to nothing and the task must end naming the secret it looked for.
     */
    private static String secret(ServerVersion version, ConductorApi api) {
        JsonNode workflow = run(api, GetSignedJwtContract.EXAMPLE, claims());
        if (version.hasSecrets()) {
            SignedJWT token = verifiedToken(workflow, RSA.publicKey());
            assertThat(token.getHeader().getKeyID()).isEqualTo("key-123");
            return "COMPLETED, RS256 token verified";
        }
        JsonNode task = terminalFailure(workflow);
        assertThat(task.path("reasonForIncompletion").asText())
                .contains("secret 'jwt-privatekey'")
                .contains("3.31.2");
        return "no secrets before 3.31.2; ends "
                + task.path("status").asText()
                + ": "
                + task.path("reasonForIncompletion").asText();
    }

    private static Case keyFromInput(String algorithm, String privateKey, Object verifyingKey) {
        return new Case(
                "key as input, " + algorithm,
                (version, api) -> {
                    Map<String, Object> input = fromInput(algorithm);
                    input.put("privateKey", privateKey);
                    SignedJWT token = verifiedToken(run(api, KEY_FROM_INPUT, input), verifyingKey);
                    assertThat(token.getHeader().getAlgorithm().getName()).isEqualTo(algorithm);
                    return "COMPLETED, " + algorithm + " token verified";
                });
    }

    private static String refusal(ServerVersion version, ConductorApi api) {
        Map<String, Object> input = fromInput("RS256");
        input.put("privateKey", RSA.privateKeyPem());
        input.put("ttlInSecond", 0);
        JsonNode task = terminalFailure(run(api, KEY_FROM_INPUT, input));
        assertThat(task.path("reasonForIncompletion").asText())
                .isEqualTo("ttlInSecond: must be between 1 and 86400, was 0");
        return "FAILED_WITH_TERMINAL_ERROR: " + task.path("reasonForIncompletion").asText();
    }

    private static String verify(ServerVersion version, ConductorApi api) {
        String token =
                IndependentSigner.token(
                        "RS256",
                        RSA.pair().getPrivate(),
                        "key-123",
                        Map.of("iss", ISSUER, "aud", AUDIENCE));
        JsonNode workflow =
                run(
                        api,
                        VERIFY_WITH_KEY,
                        Map.of(
                                "token",
                                token,
                                "publicKey",
                                TestKeys.pem("PUBLIC KEY", RSA.publicKey().getEncoded()),
                                "issuer",
                                ISSUER,
                                "audience",
                                AUDIENCE));
        assertCompleted(workflow);
        assertThat(workflow.path("output").path("valid").asBoolean()).isTrue();
        assertThat(workflow.path("output").path("keyId").asText()).isEqualTo("key-123");
        return "COMPLETED, valid: true for a Nimbus-signed token";
    }

    private static String heldKey(ServerVersion version, ConductorApi api) throws Exception {
        JsonNode workflow =
                run(
                        api,
                        GetSignedJwtContract.HELD_KEY_WORKFLOW,
                        Map.of(
                                "keyName",
                                HeldKeyWorker.KEY_NAME,
                                "subject",
                                "orders-service",
                                "issuer",
                                ISSUER,
                                "audience",
                                AUDIENCE,
                                "scope",
                                "orders.read"));
        SignedJWT token = verifiedToken(workflow, HeldKeyWorker.ACTIVE_KEY.publicKey());
        assertThat(token.getHeader().getKeyID()).isEqualTo(HeldKeyWorker.ACTIVE_KID);
        assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("orders-service");
        return "COMPLETED by the worker as "
                + workflow.path("tasks").path(0).path("taskType").asText()
                + ", token verified";
    }

    private static JsonNode run(ConductorApi api, String workflow, Map<String, ?> input) {
        return api.awaitEnd(api.startWorkflow(workflow, input), TIMEOUT);
    }

    private static Map<String, Object> claims() {
        Map<String, Object> input = new HashMap<>();
        input.put("subject", "subject@conductor-jwt.test");
        input.put("issuer", ISSUER);
        input.put("audience", AUDIENCE);
        input.put("scope", "read");
        return input;
    }

    private static Map<String, Object> fromInput(String algorithm) {
        Map<String, Object> input = claims();
        input.remove("scope");
        input.put("scopes", "read");
        input.put("privateKeyId", "key-123");
        input.put("algorithm", algorithm);
        input.put("ttlInSecond", 600);
        return input;
    }

    private static SignedJWT verifiedToken(JsonNode workflow, Object key) {
        assertCompleted(workflow);
        return IndependentVerifier.verify(workflow.path("output").path("token").asText(), key);
    }

    private static void assertCompleted(JsonNode workflow) {
        assertThat(workflow.path("status").asText())
                .as("%s", reason(workflow))
                .isEqualTo("COMPLETED");
    }

    /** The one task, ended for good with nothing in its output. */
    private static JsonNode terminalFailure(JsonNode workflow) {
        assertThat(workflow.path("status").asText()).as("workflow status").isEqualTo("FAILED");
        assertThat(workflow.path("tasks")).as("tasks").hasSize(1);
        JsonNode task = workflow.path("tasks").path(0);
        assertThat(task.path("status").asText())
                .as("%s", task.path("reasonForIncompletion").asText())
                .isEqualTo("FAILED_WITH_TERMINAL_ERROR");
        assertThat(task.path("outputData").size()).as("output fields").isZero();
        return task;
    }

    /** Why a workflow did not complete: its own reason, else its first task's. */
    private static String reason(JsonNode workflow) {
        String reason = workflow.path("reasonForIncompletion").asText();
        if (reason.isEmpty()) {
            JsonNode task = workflow.path("tasks").path(0);
            reason =
                    task.path("taskType").asText()
                            + " "
                            + task.path("status").asText()
                            + ": "
                            + task.path("reasonForIncompletion").asText();
        }
        return workflow.path("status").asText() + ": " + reason;
    }
}
