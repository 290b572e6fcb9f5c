package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.conductorjwt.core.IndependentVerifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * cacheConfig and the ui-next form on a real server, run by every way of running the task ({@link
 * GetSignedJwtContract} implements this). The workflows are {@code
 * workflows/get_signed_jwt_cached.json} and the task exactly as conductor-oss ui-next writes it.
 * Every case uses an audience of its own: the cache outlives a test. Each node keeps its own output
 * cache (README), so each case says which node every run starts on: a repeat on the same node
 * reuses the token; on a cluster, a run on the other node signs its own.
 */
interface CachedOutputContract {

    String CACHED = "get_signed_jwt_cached";
    String SHORT_TTL = "jwt_cached_short_ttl";
    String OTHER_SECRET = "jwt_cached_other_secret";
    String BY_TENANT = "jwt_cached_by_tenant";
    String UI_DEFAULTS = "jwt_ui_form_defaults";
    String UI_FILLED = "jwt_ui_form_filled";

    /** The second key: what the secret holds after it changed. */
    DemoKey ROTATED_KEY = DemoKey.rsa(2048);

    /** What conductor-oss ui-next writes for a new Get Signed JWT task (issue 10), verbatim. */
    String UI_NEXT_TASK =
            """
            {"name": "get_signed_jwt_task_ab12", "taskReferenceName": "get_signed_jwt_task_ab12_ref",
             "type": "GET_SIGNED_JWT",
             "inputParameters": {"subject": "", "issuer": "", "privateKey": "", "privateKeyId": "",
               "audience": "", "ttlInSecond": 0, "scopes": [], "algorithm": "RS256"},
             "cacheConfig": {"key": "${workflow.input.audience}", "ttlInSecond": 300}, "optional": false}
            """;

    static Map<String, String> secrets() {
        return Map.of("jwt-rotatedkey", ROTATED_KEY.privateKeyPem());
    }

    static List<JsonNode> workflowDefs(WorkflowFiles workflows) {
        JsonNode cached = workflows.workflowDef(CACHED);
        ObjectNode shortTtl = renamed(cached, SHORT_TTL);
        ((ObjectNode) definedTask(shortTtl).path("cacheConfig")).put("ttlInSecond", 2);
        ObjectNode byTenant = renamed(cached, BY_TENANT);
        ((ObjectNode) definedTask(byTenant).path("inputParameters"))
                .put("tenant", "${workflow.input.tenant}");
        ((ObjectNode) definedTask(byTenant).path("cacheConfig")).put("key", "tenant-${tenant}");

        ObjectNode uiDefaults = withTask(cached, UI_DEFAULTS, uiNextTask());
        ObjectNode filled = uiNextTask();
        ObjectNode input = (ObjectNode) filled.path("inputParameters");
        input.put("subject", "${workflow.input.subject}");
        input.put("issuer", "${workflow.input.issuer}");
        input.put("audience", "${workflow.input.audience}");
        input.put("privateKey", "${workflow.secrets.jwt-privatekey}");
        input.put("ttlInSecond", 3600);
        return List.of(
                shortTtl,
                WorkflowVariants.withSecret(cached, OTHER_SECRET, "jwt-rotatedkey"),
                byTenant,
                uiDefaults,
                withTask(cached, UI_FILLED, filled));
    }

    /** Starts the workflow on whichever node comes next and waits for its end. */
    JsonNode run(String workflowName, Map<String, ?> input);

    /**
     * Starts the workflow on node {@code node} (0 to {@link #nodes()} - 1) and waits for its end.
     */
    JsonNode runOn(int node, String workflowName, Map<String, ?> input);

    /** How many nodes workflows start on, each with its own output cache: 1 for one server. */
    int nodes();

    /** On every node: a repeat there gets the token that node signed first, marked cached. */
    @Test
    default void aRepeatOnTheSameNodeGetsTheSameTokenMarkedCached() {
        for (int node = 0; node < nodes(); node++) {
            Map<String, Object> input = input();

            JsonNode first = task(runOn(node, CACHED, input));
            JsonNode second = task(runOn(node, CACHED, input));

            assertThat(token(second, GetSignedJwtContract.KEY))
                    .as("node %d", node)
                    .isEqualTo(token(first, GetSignedJwtContract.KEY));
            assertThat(first.path("outputData").has("cached")).as("node %d", node).isFalse();
            assertThat(second.path("outputData").path("cached").asBoolean())
                    .as("node %d", node)
                    .isTrue();
        }
    }

    /**
     * A cluster's second node sees nothing of what the first cached: it signs a fresh token, not
     * marked cached, and then reuses its own; the first node still hands out the first token. One
     * server has no second node.
     */
    @Test
    default void anotherNodeSignsItsOwnTokenThenReusesIt() {
        assumeTrue(nodes() > 1, "one node: no other node's cache");
        Map<String, Object> input = input();

        JsonNode onA = task(runOn(0, CACHED, input));
        JsonNode onB = task(runOn(1, CACHED, input));
        JsonNode onBAgain = task(runOn(1, CACHED, input));
        JsonNode onAAgain = task(runOn(0, CACHED, input));

        String tokenA = token(onA, GetSignedJwtContract.KEY);
        String tokenB = token(onB, GetSignedJwtContract.KEY);
        assertThat(tokenB).isNotEqualTo(tokenA);
        assertThat(onB.path("outputData").has("cached")).as("B's first run").isFalse();
        assertThat(token(onBAgain, GetSignedJwtContract.KEY)).isEqualTo(tokenB);
        assertThat(onBAgain.path("outputData").path("cached").asBoolean()).isTrue();
        assertThat(token(onAAgain, GetSignedJwtContract.KEY)).isEqualTo(tokenA);
        assertThat(onAAgain.path("outputData").path("cached").asBoolean()).isTrue();
    }

    @Test
    default void aDifferentKeyGetsADifferentToken() {
        Map<String, Object> acme = input();
        acme.put("tenant", "acme");
        Map<String, Object> other = new java.util.HashMap<>(acme);
        other.put("tenant", "other");

        String acmeToken = token(task(runOn(0, BY_TENANT, acme)), GetSignedJwtContract.KEY);
        String otherToken = token(task(runOn(0, BY_TENANT, other)), GetSignedJwtContract.KEY);

        assertThat(otherToken).isNotEqualTo(acmeToken);
        assertThat(token(task(runOn(0, BY_TENANT, acme)), GetSignedJwtContract.KEY))
                .isEqualTo(acmeToken);
    }

    @Test
    default void afterTheTtlANewToken() throws InterruptedException {
        Map<String, Object> input = input();
        String first = token(task(runOn(0, SHORT_TTL, input)), GetSignedJwtContract.KEY);

        Thread.sleep(Duration.ofMillis(3_500)); // the cacheConfig's ttl is 2 s

        assertThat(token(task(runOn(0, SHORT_TTL, input)), GetSignedJwtContract.KEY))
                .isNotEqualTo(first);
    }

    @Test
    default void aChangedSecretGetsANewTokenSignedWithTheNewKey() {
        Map<String, Object> input = input();
        String before = token(task(runOn(0, CACHED, input)), GetSignedJwtContract.KEY);

        // The same workflow and cacheConfig on the same node, its secret now holding another key.
        String after = token(task(runOn(0, OTHER_SECRET, input)), ROTATED_KEY);

        assertThat(after).isNotEqualTo(before);
    }

    @Test
    default void theUiFormsNewTaskFailsNamingEveryRequiredFieldAtOnce() {
        JsonNode workflow = run(UI_DEFAULTS, Map.of("audience", "x"));

        GetSignedJwtContract.assertTerminalFailure(
                workflow,
                "privateKey: must not be empty; issuer: must not be empty; subject: must not be"
                        + " empty; audience: must not be empty; ttlInSecond: must be between 1 and"
                        + " 86400, was 0");
    }

    /** Blank privateKeyId, {@code scopes: []} and cacheConfig as the form writes them. */
    @Test
    default void theUiFormsTaskFilledInCompletesAndRepeatedRunsReuseTheToken() {
        Map<String, Object> input = input();

        JsonNode first = task(runOn(0, UI_FILLED, input));
        JsonNode second = task(runOn(0, UI_FILLED, input));

        String token = token(first, GetSignedJwtContract.KEY);
        assertThat(token(second, GetSignedJwtContract.KEY)).isEqualTo(token);
        SignedJWT verified =
                IndependentVerifier.verify(token, GetSignedJwtContract.KEY.publicKey());
        JWTClaimsSet claims = IndependentVerifier.claimsOf(verified);
        assertThat(verified.getHeader().getKeyID()).isNull();
        assertThat(claims.getAudience()).containsExactly((String) input.get("audience"));
        assertThat(claims.getClaim("scope")).isNull();
    }

    private static Map<String, Object> input() {
        Map<String, Object> input = new java.util.HashMap<>();
        input.put("subject", "subject@conductor-jwt.test");
        input.put("issuer", "issuer@conductor-jwt.test");
        input.put("audience", "https://" + UUID.randomUUID() + ".conductor-jwt.test");
        return input;
    }

    /** The only task of a completed workflow. */
    private static JsonNode task(JsonNode workflow) {
        assertThat(workflow.path("status").asText())
                .as(workflow.path("reasonForIncompletion").asText())
                .isEqualTo("COMPLETED");
        assertThat(workflow.path("tasks")).hasSize(1);
        return workflow.path("tasks").path(0);
    }

    /** The task's token, verified (Nimbus) against {@code key}. */
    private static String token(JsonNode task, DemoKey key) {
        String token = task.path("outputData").path("token").asText();
        IndependentVerifier.verify(token, key.publicKey());
        return token;
    }

    private static ObjectNode uiNextTask() {
        try {
            return (ObjectNode) new ObjectMapper().readTree(UI_NEXT_TASK);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode renamed(JsonNode base, String name) {
        ObjectNode copy = base.deepCopy();
        copy.put("name", name);
        return copy;
    }

    private static JsonNode definedTask(ObjectNode workflow) {
        return workflow.path("tasks").path(0);
    }

    /** {@code base} named {@code name}, its one task replaced by {@code task}. */
    private static ObjectNode withTask(JsonNode base, String name, ObjectNode task) {
        ObjectNode copy = renamed(base, name);
        copy.putArray("tasks").add(task);
        copy.putObject("outputParameters")
                .put("token", "${" + task.path("taskReferenceName").asText() + ".output.token}");
        return copy;
    }
}
