package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.github.conductorjwt.core.ExampleInputs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every GET_SIGNED_JWT task in workflows/ fits the input schema we ship. */
class WorkflowSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonSchema schema = schema("conductorjwt.schema.file");
    private final JsonSchema verifySchema = schema("conductorjwt.verify.schema.file");
    private final WorkflowFiles workflows =
            new WorkflowFiles(Path.of(System.getProperty("conductorjwt.workflows.dir")));

    private static JsonSchema schema(String property) {
        try {
            JsonNode node = JSON.readTree(Path.of(System.getProperty(property)).toFile());
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void collect(
            JsonNode node, String where, List<Map.Entry<String, JsonNode>> found) {
        collect("GET_SIGNED_JWT", node, where, found);
    }

    /** Every {@code type} task's inputParameters, anywhere in a workflow. */
    private static void collect(
            String type, JsonNode node, String where, List<Map.Entry<String, JsonNode>> found) {
        if (node.isObject()) {
            if (type.equals(node.path("type").asText())) {
                found.add(
                        Map.entry(
                                where + "/" + node.path("taskReferenceName").asText(),
                                node.path("inputParameters")));
            }
            node.fields().forEachRemaining(f -> collect(type, f.getValue(), where, found));
        } else if (node.isArray()) {
            node.forEach(child -> collect(type, child, where, found));
        }
    }

    @Test
    void everyVerifyJwtTaskInTheWorkflowsFitsTheVerifySchema() {
        List<Map.Entry<String, JsonNode>> tasks = new ArrayList<>();
        workflows
                .workflowDefs()
                .forEach(def -> collect("VERIFY_JWT", def, def.path("name").asText(), tasks));

        assertThat(tasks).hasSizeGreaterThanOrEqualTo(3);
        for (Map.Entry<String, JsonNode> task : tasks) {
            assertThat(verifySchema.validate(task.getValue())).as(task.getKey()).isEmpty();
        }
    }

    @Test
    void theVerifySchemaRefusesNoKeyTwoKeysAndNone() {
        assertThat(verifySchema.validate(JSON.valueToTree(Map.of("token", "${workflow.input.t}"))))
                .isNotEmpty();
        assertThat(
                        verifySchema.validate(
                                JSON.valueToTree(
                                        Map.of(
                                                "token", "t",
                                                "publicKey", "k",
                                                "secretKey", "${workflow.secrets.s}"))))
                .isNotEmpty();
        assertThat(
                        verifySchema.validate(
                                JSON.valueToTree(
                                        Map.of(
                                                "token",
                                                "t",
                                                "publicKey",
                                                "k",
                                                "algorithms",
                                                List.of("none")))))
                .isNotEmpty();
    }

    @Test
    void everyGetSignedJwtTaskInTheWorkflowsFitsTheSchema() {
        List<Map.Entry<String, JsonNode>> tasks = new ArrayList<>();
        workflows.workflowDefs().forEach(def -> collect(def, def.path("name").asText(), tasks));

        assertThat(tasks).isNotEmpty();
        for (Map.Entry<String, JsonNode> task : tasks) {
            Set<ValidationMessage> errors = schema.validate(task.getValue());
            assertThat(errors).as(task.getKey()).isEmpty();
        }
    }

    @Test
    void refusesWhatTheUiFormWritesBeforeItIsFilledIn() {
        JsonNode defaults = JSON.valueToTree(ExampleInputs.uiNextForm());

        assertThat(schema.validate(defaults)).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void acceptsTheUiFormOnceItsRequiredFieldsAreFilled() {
        Map<String, Object> filled = ExampleInputs.uiNextForm();
        filled.put("subject", "${workflow.input.subject}");
        filled.put("issuer", "iss");
        filled.put("privateKey", "${workflow.secrets.jwt-privatekey}");
        filled.put("audience", "${workflow.input.audience}");
        filled.put("ttlInSecond", 3600);
        filled.put("jti", "");
        filled.put("notBefore", "");
        filled.put("headers", Map.of());
        filled.put("additionalClaims", "");

        assertThat(schema.validate(JSON.valueToTree(filled))).isEmpty();
    }

    /**
     * What our task refuses terminally (CacheConfig): a key, at most 1,024 characters; ttl >= 1.
     */
    @Test
    void everyCacheConfigOfAGetSignedJwtTaskHasAKeyAndATtl() {
        List<JsonNode> configs = new ArrayList<>();
        workflows.workflowDefs().forEach(def -> collectCacheConfigs(def, configs));

        assertThat(configs).isNotEmpty();
        assertThat(configs)
                .allSatisfy(
                        config -> {
                            assertThat(config.path("key").asText())
                                    .isNotBlank()
                                    .hasSizeLessThanOrEqualTo(1024);
                            assertThat(config.path("ttlInSecond").asInt()).isPositive();
                        });
    }

    private static void collectCacheConfigs(JsonNode node, List<JsonNode> found) {
        if (node.isObject()) {
            if ("GET_SIGNED_JWT".equals(node.path("type").asText()) && node.has("cacheConfig")) {
                found.add(node.path("cacheConfig"));
            }
            node.fields().forEachRemaining(f -> collectCacheConfigs(f.getValue(), found));
        } else if (node.isArray()) {
            node.forEach(child -> collectCacheConfigs(child, found));
        }
    }

    @Test
    void refusesNoneAndARegisteredClaimGivenTwice() {
        JsonNode none =
                JSON.valueToTree(Map.of("audience", "a", "ttlInSecond", 60, "algorithm", "none"));
        JsonNode twice =
                JSON.valueToTree(
                        Map.of(
                                "audience",
                                "a",
                                "ttlInSecond",
                                60,
                                "additionalClaims",
                                Map.of("sub", "x")));

        assertThat(schema.validate(none)).isNotEmpty();
        assertThat(schema.validate(twice)).isNotEmpty();
    }

    /** RFC 6749 §3.3 scope-tokens, as the task refuses them: no space, '"' or '\\' in a scope. */
    @Test
    void refusesAScopeThatIsNoScopeTokenAndAcceptsExpressions() {
        for (Object scopes :
                List.of(
                        List.of("read write", "admin"),
                        List.of("read\"admin"),
                        "read admin\\x",
                        "read \"admin\"")) {
            assertThat(schema.validate(withScopes(scopes))).as("%s", scopes).isNotEmpty();
        }
        for (Object scopes :
                List.of(
                        List.of("read:orders", "${workflow.input.scope}"),
                        "read:orders, write:orders admin",
                        "${workflow.input.scopes}",
                        "https://www.googleapis.com/auth/cloud-platform")) {
            assertThat(schema.validate(withScopes(scopes))).as("%s", scopes).isEmpty();
        }
    }

    /** Inputs the schema accepts but for {@code scopes}. */
    private static JsonNode withScopes(Object scopes) {
        return JSON.valueToTree(Map.of("audience", "a", "ttlInSecond", 60, "scopes", scopes));
    }
}
