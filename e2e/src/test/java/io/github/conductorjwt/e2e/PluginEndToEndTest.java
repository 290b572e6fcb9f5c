package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.conductorjwt.core.IndependentVerifier;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on the stock Conductor OSS server with our plugin jar on its loader.path, the
 * docker-compose.yml topology: the plugin signs tasks that carry their key, and hands those that
 * name a held key to the worker.
 */
class PluginEndToEndTest extends GetSignedJwtContract {

    /** The Orkes example with {@code jti} from the workflow input too. */
    private static final String SUBJECT_AND_JTI_FROM_INPUT = "jwt_subject_and_jti_from_input";

    private static final String KEY_REFERENCE = "${workflow.secrets.jwt-privatekey}";

    private static final String SMUGGLED =
            "a ${workflow.secrets.*} reference arrived through workflow data; secrets are resolved"
                    + " only where the workflow definition writes them";

    @Override
    protected Conductor startConductor(Map<String, String> serverEnvironment) {
        ConductorServer server =
                ConductorServer.start(
                        Path.of(System.getProperty("conductorjwt.server.jar")),
                        Path.of(System.getProperty("conductorjwt.plugin.dir")),
                        serverEnvironment);
        System.out.printf("Conductor server with plugin healthy after %s%n", server.startTime());
        this.server = server;
        return ServerOnly.start(server);
    }

    private ConductorServer server;
    private ConductorApi api;

    @BeforeAll
    void registerTheSmugglingVariant() {
        api = new ConductorApi(server.baseUri());
        ObjectNode variant =
                new WorkflowFiles(Path.of(System.getProperty("conductorjwt.workflows.dir")))
                        .workflowDef(EXAMPLE)
                        .deepCopy();
        variant.put("name", SUBJECT_AND_JTI_FROM_INPUT);
        ((ObjectNode) variant.path("tasks").path(0).path("inputParameters"))
                .put("jti", "${workflow.input.jti}");
        api.putWorkflowDefs(List.of(variant));
    }

    @Test
    void theServerCountsTokensAndRefusalsInItsPrometheusMetrics() throws Exception {
        run(EXAMPLE, exampleInput("read"));
        Map<String, Object> bad = fromInput();
        bad.put("ttlInSecond", 0);
        run("jwt_from_input", bad);

        HttpResponse<String> metrics = get("/actuator/prometheus");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern(
                        "conductor_jwt_signed_seconds_count\\{[^}]*algorithm=\"RS256\"[^}]*} [1-9]")
                .containsPattern(
                        "conductor_jwt_refused_total\\{[^}]*field=\"ttlInSecond\"[^}]*} [1-9]");
        assertNoKeyText(metrics.body(), KEY.privateKeyPem());
    }

    /**
     * The plugin evaluates a cacheConfig.key reference no task input holds against the workflow
     * (the worker, which sees only the task, keeps it as written), and counts hits and misses.
     */
    @Test
    void aKeyOfWorkflowInputTheTaskDoesNotTakeIsEvaluatedAndCounted() throws Exception {
        ObjectNode byWorkflowInput =
                new WorkflowFiles(Path.of(System.getProperty("conductorjwt.workflows.dir")))
                        .workflowDef(CachedOutputContract.CACHED)
                        .deepCopy();
        byWorkflowInput.put("name", "jwt_cached_by_workflow_input");
        ((ObjectNode) byWorkflowInput.path("tasks").path(0).path("cacheConfig"))
                .put("key", "${workflow.input.tenant}");
        api.putWorkflowDefs(List.of(byWorkflowInput));
        Map<String, Object> acme = exampleInput("read");
        acme.put("audience", "https://tenants.conductor-jwt.test");
        acme.put("tenant", "acme");
        Map<String, Object> other = new java.util.HashMap<>(acme);
        other.put("tenant", "other");

        String acmeToken = token(run("jwt_cached_by_workflow_input", acme));
        String otherToken = token(run("jwt_cached_by_workflow_input", other));
        String acmeAgain = token(run("jwt_cached_by_workflow_input", acme));

        assertThat(otherToken).isNotEqualTo(acmeToken);
        assertThat(acmeAgain).isEqualTo(acmeToken);
        assertThat(get("/actuator/prometheus").body())
                .containsPattern(
                        "conductor_jwt_output_cache_total\\{[^}]*result=\"hit\"[^}]*} [1-9]")
                .containsPattern(
                        "conductor_jwt_output_cache_total\\{[^}]*result=\"miss\"[^}]*} [1-9]");
    }

    private static String token(JsonNode workflow) {
        assertThat(workflow.path("status").asText()).isEqualTo("COMPLETED");
        String token = workflow.path("tasks").path(0).path("outputData").path("token").asText();
        IndependentVerifier.verify(token, KEY.publicKey());
        return token;
    }

    /**
     * On the plugin, a jwksUri task is the asynchronous twin (fetched on Conductor's system-task
     * workers, not in the decide loop); an inline key runs as VERIFY_JWT; both are counted.
     */
    @Test
    void aJwksTaskRunsAsTheAsynchronousTwinAndVerificationsAreCounted() throws Exception {
        JsonNode fetched =
                run(
                        VerifyJwtContract.JWKS,
                        Map.of(
                                "token",
                                heldKeyToken(),
                                "jwksUri",
                                workerJwksUrl().toString(),
                                "issuer",
                                "https://issuer.conductor-jwt.test",
                                "audience",
                                "https://orders.conductor-jwt.test"));
        JsonNode inline =
                run(
                        VerifyJwtContract.SIGN_THEN_VERIFY,
                        Map.of(
                                "subject",
                                "s",
                                "issuer",
                                "https://issuer.conductor-jwt.test",
                                "audience",
                                "https://api.conductor-jwt.test",
                                "publicKey",
                                io.github.conductorjwt.core.TestKeys.pem(
                                        "PUBLIC KEY", KEY.publicKey().getEncoded())));

        assertThat(fetched.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(fetched.path("tasks").path(0).path("taskType").asText())
                .isEqualTo("VERIFY_JWT_JWKS");
        assertThat(inline.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(inline.path("tasks").path(1).path("taskType").asText()).isEqualTo("VERIFY_JWT");
        assertThat(get("/actuator/prometheus").body())
                .containsPattern(
                        "conductor_jwt_verified_seconds_count\\{[^}]*result=\"valid\"[^}]*} [1-9]");
    }

    @Test
    void theServerSignsWithAccpFromTheLoaderPathJarAndSaysSo() throws Exception {
        run(EXAMPLE, exampleInput("read"));

        assertThat(get("/actuator/prometheus").body())
                .containsPattern("conductor_jwt_provider\\{[^}]*provider=\"accp\"[^}]*} 1");
        assertThat(server.log().split("GET_SIGNED_JWT signs with accp: auto: ACCP", -1)).hasSize(2);
    }

    @Test
    void aSecretReferenceSmuggledThroughWorkflowInputIsRefusedNamingTheFields() {
        Map<String, Object> input = exampleInput("read");
        input.put("subject", KEY_REFERENCE);
        input.put("jti", KEY_REFERENCE);

        JsonNode workflow = run(SUBJECT_AND_JTI_FROM_INPUT, input);

        assertTerminalFailure(workflow, "jti: " + SMUGGLED + "; subject: " + SMUGGLED);
        assertNoKeyText(
                api.workflowJson(workflow.path("workflowId").asText()), KEY.privateKeyPem());
        assertNoKeyText(logs(), KEY.privateKeyPem());
    }

    @Test
    void retryingTheRefusedWorkflowIsRefusedAgain() {
        // The UI's Retry evaluates the task's input anew without the mapper; the task re-checks.
        Map<String, Object> input = exampleInput("read");
        input.put("subject", KEY_REFERENCE);
        String id = run(SUBJECT_AND_JTI_FROM_INPUT, input).path("workflowId").asText();

        api.retryWorkflow(id);
        JsonNode retried = api.awaitEnd(id, WORKFLOW_TIMEOUT);

        assertThat(retried.path("status").asText()).isEqualTo("FAILED");
        assertThat(retried.path("tasks")).hasSize(2);
        JsonNode retry = retried.path("tasks").path(1);
        assertThat(retry.path("retryCount").asInt()).isEqualTo(1);
        assertThat(retry.path("status").asText()).isEqualTo("FAILED_WITH_TERMINAL_ERROR");
        assertThat(retry.path("reasonForIncompletion").asText()).isEqualTo("subject: " + SMUGGLED);
        assertThat(retry.path("outputData").size()).isZero();
        assertNoKeyText(api.workflowJson(id), KEY.privateKeyPem());
        assertNoKeyText(logs(), KEY.privateKeyPem());
    }

    @Test
    void aSecretReferenceSmuggledIntoAHeldKeyTaskNeverReachesTheWorker() {
        JsonNode workflow =
                run(
                        HELD_KEY_WORKFLOW,
                        Map.of(
                                "keyName",
                                HeldKeyWorker.KEY_NAME,
                                "subject",
                                KEY_REFERENCE,
                                "issuer",
                                "https://issuer.conductor-jwt.test",
                                "audience",
                                "https://orders.conductor-jwt.test"));

        assertTerminalFailure(workflow, "subject: " + SMUGGLED);
        assertNoKeyText(
                api.workflowJson(workflow.path("workflowId").asText()), KEY.privateKeyPem());
        assertNoKeyText(logs(), KEY.privateKeyPem());
    }

    @Test
    void inTheDocumentedConfigurationTheServerDoesNotHandOutTheKey() throws Exception {
        HttpResponse<String> secret = get("/api/secrets/jwt-privatekey");

        assertThat(secret.statusCode()).isEqualTo(404);
        assertNoKeyText(secret.body(), KEY.privateKeyPem());
        assertThat(server.log()).doesNotContain(SecretsEndpointTest.WARNING);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.baseUri().resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
