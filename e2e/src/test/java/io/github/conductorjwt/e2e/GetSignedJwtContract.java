package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.conductorjwt.core.HostileInputs;
import io.github.conductorjwt.core.IndependentVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The GET_SIGNED_JWT contract, run against a real Conductor server: every way of running the task
 * (server plugin, external worker) extends this class, so the contract cannot drift between them.
 * Workflows come from the repository's {@code workflows/}; tokens are checked with Nimbus.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GetSignedJwtContract implements CachedOutputContract, VerifyJwtContract {

    /**
     * A running Conductor server that executes GET_SIGNED_JWT one way or another. The contract adds
     * the external worker beside it, holding keys, as docker-compose.yml does.
     */
    interface Conductor extends AutoCloseable {
        /** The API to start the next workflow through: a cluster hands out its nodes in turn. */
        ConductorApi api();

        /**
         * Every node workflows can start on, A first: one for a single server. A GET_SIGNED_JWT
         * task runs on the node whose decide reaches it, the one its workflow started on, and each
         * node keeps its own output cache (the worker path: its one worker's).
         */
        List<ConductorApi> nodes();

        java.net.URI baseUri();

        /** Everything the server has logged. */
        String log();

        @Override
        void close();
    }

    static final String EXAMPLE = "get_signed_jwt";
    static final String HELD_KEY_WORKFLOW = "get_signed_jwt_held_key";
    static final Duration WORKFLOW_TIMEOUT = Duration.ofMinutes(1);

    /** The hostile-input corpus's key, so its cases and these share secret jwt-privatekey. */
    static final DemoKey KEY = new DemoKey(HostileInputs.goodKey());

    static final DemoKey WEAK_KEY = DemoKey.rsa(1024);

    /** A real key's PEM armour around half of its DER: looks like a key, parses as none. */
    static final String GARBLED_PEM = garbled(DemoKey.rsa(2048));

    /** A Google service account: its JSON key file is what users put in the secret. */
    static final DemoKey GOOGLE_KEY = DemoKey.rsa(2048);

    static final String GOOGLE_EMAIL = "conductor@demo-project.iam.gserviceaccount.com";
    static final String GOOGLE_KEY_ID = "5f1b0c2e9a7d4e3f8a6b1c0d2e3f4a5b6c7d8e9f";

    private static final Map<String, String> SECRETS =
            Map.of(
                    "google-service-account", serviceAccountJson(),
                    "jwt-privatekey", KEY.privateKeyPem(),
                    "jwt-escapedkey", KEY.privateKeyPem().replace("\n", "\\n"),
                    "jwt-weakkey", WEAK_KEY.privateKeyPem(),
                    "jwt-garbledkey", GARBLED_PEM);

    private final WorkflowFiles workflows =
            new WorkflowFiles(Path.of(System.getProperty("conductorjwt.workflows.dir")));
    private Conductor conductor;
    private HeldKeyWorker worker;
    private GoogleTokenEndpoint google;

    /** Starts a Conductor whose server has {@code serverEnvironment} in its environment. */
    protected abstract Conductor startConductor(Map<String, String> serverEnvironment);

    @BeforeAll
    final void startAndRegister() throws Exception {
        google = new GoogleTokenEndpoint(GOOGLE_KEY.publicKey(), GOOGLE_EMAIL, GOOGLE_KEY_ID);
        Map<String, String> secrets = new HashMap<>(SECRETS);
        secrets.putAll(CachedOutputContract.secrets());
        secrets.putAll(VerifyJwtContract.secrets());
        HostileInputRun.secrets()
                .forEach(
                        (name, value) ->
                                secrets.merge(
                                        name,
                                        value,
                                        (ours, corpus) -> {
                                            if (!ours.equals(corpus)) {
                                                throw new IllegalStateException(
                                                        "secret " + name + " defined twice");
                                            }
                                            return ours;
                                        }));
        Map<String, String> environment = new HashMap<>();
        secrets.forEach((name, value) -> environment.put("CONDUCTOR_SECRET_" + name, value));
        environment.putAll(VerifyJwtContract.serverEnvironment());
        conductor = startConductor(environment);
        worker = HeldKeyWorker.start(conductor.baseUri());
        workflows.registerWith(conductor.api());

        JsonNode example = workflows.workflowDef(EXAMPLE);
        conductor
                .api()
                .putWorkflowDefs(
                        List.of(
                                WorkflowVariants.allFromInput(example, "jwt_from_input"),
                                WorkflowVariants.withSecret(
                                        example, "jwt_escaped_key", "jwt-escapedkey"),
                                WorkflowVariants.withSecret(example, "jwt_weak_key", "jwt-weakkey"),
                                WorkflowVariants.withSecret(
                                        example, "jwt_garbled_key", "jwt-garbledkey"),
                                WorkflowVariants.withSecret(
                                        example, "jwt_missing_secret", "jwt-nosuchsecret"),
                                WorkflowVariants.withSecret(
                                        workflows.workflowDef(HELD_KEY_WORKFLOW),
                                        "jwt_held_key_and_private_key",
                                        "jwt-privatekey")));
        conductor.api().putWorkflowDefs(CachedOutputContract.workflowDefs(workflows));
        conductor.api().putWorkflowDefs(VerifyJwtContract.workflowDefs(workflows));
        conductor
                .api()
                .putWorkflowDefs(
                        HostileInputRun.workflowDefs(
                                example, workflows.workflowDef(HELD_KEY_WORKFLOW)));
    }

    @AfterAll
    final void stop() {
        if (worker != null) {
            worker.close();
        }
        if (conductor != null) {
            conductor.close();
        }
        if (google != null) {
            google.close();
        }
    }

    @Test
    void orkesExampleSignsATokenAnIndependentVerifierAccepts() throws Exception {
        JsonNode workflow = run(EXAMPLE, exampleInput("read:orders write:orders"));

        assertThat(workflow.path("status").asText()).isEqualTo("COMPLETED");
        JsonNode task = onlyTask(workflow);
        JsonNode output = task.path("outputData");
        assertThat(fieldNames(output))
                .containsExactlyInAnyOrder(
                        "token", "keyId", "algorithm", "issuedAt", "expiresAt", "jti");

        SignedJWT token =
                IndependentVerifier.verify(output.path("token").asText(), KEY.publicKey());
        JWTClaimsSet claims = IndependentVerifier.claimsOf(token);
        assertThat(token.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(token.getHeader().getKeyID()).isEqualTo("key-123");
        assertThat(token.getHeader().getType().getType()).isEqualTo("JWT");
        assertThat(claims.getIssuer()).isEqualTo("issuer@conductor-jwt.test");
        assertThat(claims.getSubject()).isEqualTo("subject@conductor-jwt.test");
        assertThat(claims.getAudience()).containsExactly("https://api.conductor-jwt.test");
        assertThat(claims.getStringClaim("scope")).isEqualTo("read:orders write:orders");
        assertThat(lifetimeSeconds(claims)).isEqualTo(3600);
        assertThat(claims.getJWTID()).isNotBlank().isEqualTo(output.path("jti").asText());
        assertThat(output.path("issuedAt").asLong())
                .isEqualTo(claims.getIssueTime().getTime() / 1000);
        assertThat(output.path("expiresAt").asLong())
                .isEqualTo(claims.getExpirationTime().getTime() / 1000);
        assertThat(output.path("keyId").asText()).isEqualTo("key-123");
        assertThat(output.path("algorithm").asText()).isEqualTo("RS256");
        assertThat(workflow.path("output").path("token").asText())
                .isEqualTo(output.path("token").asText());

        // The server stores the reference, never the key it resolved.
        assertThat(task.path("inputData").path("privateKey").asText())
                .isEqualTo("${workflow.secrets.jwt-privatekey}");
        assertNoKeyText(
                conductor.api().workflowJson(workflow.path("workflowId").asText()),
                KEY.privateKeyPem());
        assertNoKeyText(logs(), KEY.privateKeyPem());
    }

    @Test
    void scopesGivenAsAListBecomeOneSpaceSeparatedClaim() throws Exception {
        JsonNode workflow = run(EXAMPLE, exampleInput(List.of("read:orders", "write:orders")));

        assertThat(verifiedClaims(workflow).getStringClaim("scope"))
                .isEqualTo("read:orders write:orders");
    }

    @Test
    void acceptsTheTtlInSecondsSpelling() {
        Map<String, Object> input = fromInput();
        input.put("ttlInSeconds", 120);

        JsonNode workflow = run("jwt_from_input", input);

        assertThat(lifetimeSeconds(verifiedClaims(workflow))).isEqualTo(120);
    }

    @Test
    void acceptsAKeyWhoseNewlinesArrivedEscaped() {
        JsonNode workflow = run("jwt_escaped_key", exampleInput("read"));

        assertThat(verifiedClaims(workflow).getSubject()).isEqualTo("subject@conductor-jwt.test");
    }

    @Test
    void badInputFailsTerminallyNamingTheFieldAndIsNotRetried() {
        Map<String, Object> input = fromInput();
        input.put("ttlInSecond", 0);

        JsonNode workflow = run("jwt_from_input", input);

        assertTerminalFailure(workflow, "ttlInSecond: must be between 1 and 86400, was 0");
    }

    @Test
    void aWeakKeyFailsTerminallyAndNeverLeaks() {
        JsonNode workflow = run("jwt_weak_key", exampleInput("read"));

        assertTerminalFailure(
                workflow, "privateKey: RSA key is 1024 bits; RS256 needs at least 2048");
        assertNoKeyText(
                conductor.api().workflowJson(workflow.path("workflowId").asText()),
                WEAK_KEY.privateKeyPem());
        assertNoKeyText(logs(), WEAK_KEY.privateKeyPem());
    }

    @Test
    void aGarbledKeyFailsTerminallyAndNeverLeaks() {
        JsonNode workflow = run("jwt_garbled_key", exampleInput("read"));

        assertTerminalFailure(workflow, "privateKey: PEM body is not a PKCS#8 private key");
        assertNoKeyText(
                conductor.api().workflowJson(workflow.path("workflowId").asText()), GARBLED_PEM);
        assertNoKeyText(logs(), GARBLED_PEM);
    }

    @Test
    void aMissingSecretIsNamed() {
        JsonNode workflow = run("jwt_missing_secret", exampleInput("read"));

        assertTerminalFailure(
                workflow,
                "privateKey: missing — does secret 'jwt-nosuchsecret' exist? (Conductor OSS resolves"
                        + " ${workflow.secrets.*} from 3.31.2 on; with the default env store the"
                        + " server needs the variable CONDUCTOR_SECRET_jwt-nosuchsecret)");
    }

    @Test
    void googleSelfSignedJwtCarriesWhatGoogleRequires() throws Exception {
        JsonNode workflow =
                run("google_self_signed_jwt", Map.of("audience", "https://pubsub.googleapis.com/"));

        assertThat(workflow.path("status").asText())
                .as(workflow.path("reasonForIncompletion").asText())
                .isEqualTo("COMPLETED");
        SignedJWT token =
                IndependentVerifier.verify(
                        workflow.path("output").path("token").asText(), GOOGLE_KEY.publicKey());
        JWTClaimsSet claims = IndependentVerifier.claimsOf(token);
        assertThat(token.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(token.getHeader().getKeyID()).isEqualTo(GOOGLE_KEY_ID);
        assertThat(claims.getIssuer()).isEqualTo(GOOGLE_EMAIL);
        assertThat(claims.getSubject()).isEqualTo(GOOGLE_EMAIL);
        assertThat(claims.getAudience()).containsExactly("https://pubsub.googleapis.com/");
        assertThat(lifetimeSeconds(claims)).isEqualTo(3600);
        assertNoKeyText(
                conductor.api().workflowJson(workflow.path("workflowId").asText()),
                GOOGLE_KEY.privateKeyPem());
    }

    @Test
    void googleAccessTokenThroughTheJwtBearerGrant() throws Exception {
        JsonNode workflow =
                run("google_oauth2_access_token", Map.of("tokenUrl", google.tokenUrl().toString()));

        assertThat(workflow.path("status").asText())
                .as(workflow.path("reasonForIncompletion").asText())
                .isEqualTo("COMPLETED");
        JWTClaimsSet assertion = lastAssertion();
        assertThat(workflow.path("output").path("accessToken").asText())
                .isEqualTo("ya29.local-" + assertion.getJWTID());
        assertThat(workflow.path("output").path("tokenType").asText()).isEqualTo("Bearer");
        assertThat(assertion.getStringClaim("scope"))
                .isEqualTo("https://www.googleapis.com/auth/cloud-platform");
        assertThat(assertion.getAudience()).containsExactly(GoogleTokenEndpoint.GOOGLE_TOKEN_URL);
        assertThat(lifetimeSeconds(assertion)).isEqualTo(3600);
    }

    @Test
    void googleIdTokenThroughTheJwtBearerGrant() throws Exception {
        JsonNode workflow =
                run(
                        "google_oauth2_id_token",
                        Map.of(
                                "tokenUrl",
                                google.tokenUrl().toString(),
                                "targetAudience",
                                "https://orders.example.run.app"));

        assertThat(workflow.path("status").asText())
                .as(workflow.path("reasonForIncompletion").asText())
                .isEqualTo("COMPLETED");
        JWTClaimsSet assertion = lastAssertion();
        assertThat(assertion.getStringClaim("target_audience"))
                .isEqualTo("https://orders.example.run.app");
        assertThat(assertion.getClaims()).doesNotContainKey("scope");
        assertThat(workflow.path("output").path("idToken").asText())
                .endsWith("id-token-for-https://orders.example.run.app");
    }

    /**
     * The corpus's end-to-end subset, started at once and judged case by case, then the leak scan:
     * no line of any key or password it used in its workflows or in the server and worker logs.
     */
    @TestFactory
    Stream<DynamicTest> hostileInputsEndToEnd() {
        HostileInputRun run = HostileInputRun.start(conductor::api, WORKFLOW_TIMEOUT);
        Stream<DynamicTest> cases =
                run.cases().stream()
                        .map(hostile -> dynamicTest(hostile.name(), () -> run.check(hostile)));
        DynamicTest leakScan =
                dynamicTest(
                        "no line of a corpus key or password in its workflows or any log",
                        () -> run.assertNoSecretLineIn(logs()));
        return Stream.concat(cases, Stream.of(leakScan));
    }

    private JWTClaimsSet lastAssertion() {
        List<JWTClaimsSet> accepted = google.acceptedAssertions();
        assertThat(accepted).isNotEmpty();
        return accepted.get(accepted.size() - 1);
    }

    /** A Google service-account key file, as the console downloads it. */
    private static String serviceAccountJson() {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .writeValueAsString(
                            Map.of(
                                    "type",
                                    "service_account",
                                    "project_id",
                                    "demo-project",
                                    "private_key_id",
                                    GOOGLE_KEY_ID,
                                    "private_key",
                                    GOOGLE_KEY.privateKeyPem(),
                                    "client_email",
                                    GOOGLE_EMAIL,
                                    "client_id",
                                    "100000000000000000001",
                                    "token_uri",
                                    GoogleTokenEndpoint.GOOGLE_TOKEN_URL));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public DemoKey signingKey() {
        return KEY;
    }

    @Override
    public java.net.URI workerJwksUrl() {
        return worker.jwksUrl();
    }

    @Override
    public String heldKeyToken() {
        JsonNode workflow = run(HELD_KEY_WORKFLOW, heldKeyInput(HeldKeyWorker.KEY_NAME));
        assertThat(workflow.path("status").asText()).isEqualTo("COMPLETED");
        return workflow.path("output").path("token").asText();
    }

    /** Everything the server and the worker have logged. */
    protected final String logs() {
        return conductor.log() + "\n" + worker.log();
    }

    @Test
    void aHeldKeySignsAndTheTokenVerifiesAgainstTheWorkersJwks() throws Exception {
        JsonNode workflow = run(HELD_KEY_WORKFLOW, heldKeyInput(HeldKeyWorker.KEY_NAME));

        assertThat(workflow.path("status").asText())
                .as(workflow.path("reasonForIncompletion").asText())
                .isEqualTo("COMPLETED");
        SignedJWT token = SignedJWT.parse(workflow.path("output").path("token").asText());
        assertThat(token.getHeader().getKeyID()).isEqualTo(HeldKeyWorker.ACTIVE_KID);

        JWKSet published = JWKSet.load(worker.jwksUrl().toURL());
        assertThat(published.getKeys())
                .extracting(JWK::getKeyID)
                .containsExactlyInAnyOrder(HeldKeyWorker.OLD_KID, HeldKeyWorker.ACTIVE_KID);
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
        assertThat(lifetimeSeconds(token.getJWTClaimsSet())).isEqualTo(300);

        // Nothing of the held keys went through Conductor or into any log.
        String workflowJson = conductor.api().workflowJson(workflow.path("workflowId").asText());
        assertNoKeyText(workflowJson, HeldKeyWorker.ACTIVE_KEY.privateKeyPem());
        assertNoKeyText(logs(), HeldKeyWorker.ACTIVE_KEY.privateKeyPem());
        assertNoKeyText(logs(), HeldKeyWorker.OLD_KEY.privateKeyPem());
    }

    @Test
    void anUnknownKeyNameFailsTerminally() {
        JsonNode workflow = run(HELD_KEY_WORKFLOW, heldKeyInput("payments-api"));

        assertTerminalFailure(
                workflow, "keyName: this worker holds no key by that name (it holds: orders-api)");
    }

    @Test
    void aKeyNameAndAPrivateKeyTogetherFailTerminally() {
        JsonNode workflow =
                run("jwt_held_key_and_private_key", heldKeyInput(HeldKeyWorker.KEY_NAME));

        assertTerminalFailure(workflow, "keyName: give keyName or privateKey, not both");
    }

    private static Map<String, Object> heldKeyInput(String keyName) {
        return Map.of(
                "keyName", keyName,
                "subject", "orders-service",
                "issuer", "https://issuer.conductor-jwt.test",
                "audience", "https://orders.conductor-jwt.test",
                "scope", "orders.read");
    }

    /** Starts the workflow on the next node and waits for its end there. */
    @Override
    public JsonNode run(String workflowName, Map<String, ?> input) {
        return run(conductor.api(), workflowName, input);
    }

    @Override
    public JsonNode runOn(int node, String workflowName, Map<String, ?> input) {
        return run(conductor.nodes().get(node), workflowName, input);
    }

    @Override
    public int nodes() {
        return conductor.nodes().size();
    }

    private static JsonNode run(ConductorApi node, String workflowName, Map<String, ?> input) {
        return node.awaitEnd(node.startWorkflow(workflowName, input), WORKFLOW_TIMEOUT);
    }

    protected static Map<String, Object> exampleInput(Object scope) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("subject", "subject@conductor-jwt.test");
        input.put("issuer", "issuer@conductor-jwt.test");
        input.put("audience", "https://api.conductor-jwt.test");
        input.put("scope", scope);
        return input;
    }

    /** Input for {@code jwt_from_input}: the example's values, TTL left to the test. */
    protected static Map<String, Object> fromInput() {
        Map<String, Object> input = new HashMap<>();
        input.put("subject", "subject@conductor-jwt.test");
        input.put("issuer", "issuer@conductor-jwt.test");
        input.put("audience", "https://api.conductor-jwt.test");
        input.put("privateKeyId", "key-123");
        input.put("scopes", "read");
        input.put("algorithm", "RS256");
        return input;
    }

    private static JsonNode onlyTask(JsonNode workflow) {
        assertThat(workflow.path("tasks")).hasSize(1);
        return workflow.path("tasks").path(0);
    }

    private static JWTClaimsSet verifiedClaims(JsonNode workflow) {
        assertThat(workflow.path("status").asText()).isEqualTo("COMPLETED");
        String token = onlyTask(workflow).path("outputData").path("token").asText();
        return IndependentVerifier.claims(token, KEY.publicKey());
    }

    private static long lifetimeSeconds(JWTClaimsSet claims) {
        return (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000;
    }

    /** One attempt (the task definition allows retries), ended for good, with this reason. */
    static void assertTerminalFailure(JsonNode workflow, String reason) {
        assertThat(workflow.path("status").asText()).isEqualTo("FAILED");
        JsonNode task = onlyTask(workflow);
        assertThat(task.path("status").asText()).isEqualTo("FAILED_WITH_TERMINAL_ERROR");
        assertThat(task.path("reasonForIncompletion").asText()).isEqualTo(reason);
        assertThat(fieldNames(task.path("outputData"))).isEmpty();
    }

    /** Not the whole key, nor any line of it. */
    static void assertNoKeyText(String haystack, String pem) {
        List<String> lines =
                Arrays.stream(pem.split("\n")).filter(line -> !line.startsWith("-----")).toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            assertThat(haystack).doesNotContain(line);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String garbled(DemoKey key) {
        String pem = key.privateKeyPem();
        String[] lines = pem.split("\n");
        // Keep the armour and the first half of the body lines.
        StringBuilder text = new StringBuilder(lines[0]).append('\n');
        for (int i = 1; i < lines.length / 2; i++) {
            text.append(lines[i]).append('\n');
        }
        return text.append(lines[lines.length - 1]).append('\n').toString();
    }
}
