package io.github.conductorjwt.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.conductorjwt.core.InvalidJwtInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Inputs shaped as Conductor 3.32 evaluates them: a declared {@code ${workflow.secrets.*}} stays
 * literal, {@code ${workflow.input.*}} is replaced by the workflow's data, whatever that holds.
 */
class SmuggledSecretReferencesTest {

    private static final String KEY = "${workflow.secrets.jwt-privatekey}";
    private static final String EMAIL = "${workflow.secrets.google-sa.client_email}";

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void honoursReferencesTheDefinitionWrites() {
        Map<String, Object> declared =
                map(
                        "privateKey",
                        KEY,
                        "issuer",
                        EMAIL,
                        "subject",
                        "${workflow.input.subject}",
                        "audience",
                        "https://" + EMAIL + "/x",
                        "additionalClaims",
                        map("email", EMAIL, "roles", List.of("a", EMAIL)));
        Map<String, Object> evaluated = new HashMap<>(declared);
        evaluated.put("subject", "orders-service");

        assertThat(SmuggledSecretReferences.find(declared, evaluated)).isEmpty();
    }

    @Test
    void findsAReferenceThatCameThroughWorkflowData() {
        Map<String, Object> declared =
                map(
                        "privateKey", KEY,
                        "subject", "${workflow.input.subject}",
                        "jti", "${workflow.input.jti}",
                        "issuer", "${workflow.input.issuer}");
        Map<String, Object> evaluated =
                map("privateKey", KEY, "subject", KEY, "jti", KEY, "issuer", "iss");

        assertThat(SmuggledSecretReferences.find(declared, evaluated))
                .containsExactly("jti", "subject");
    }

    @Test
    void findsOneEmbeddedInDataBesideADeclaredOne() {
        Map<String, Object> declared = map("audience", "${workflow.input.host}/" + EMAIL);

        assertThat(
                        SmuggledSecretReferences.find(
                                declared, map("audience", "api.example.com/" + EMAIL)))
                .isEmpty();
        assertThat(SmuggledSecretReferences.find(declared, map("audience", KEY + "/" + EMAIL)))
                .containsExactly("audience");
        // The same reference once more than the definition writes it.
        assertThat(SmuggledSecretReferences.find(declared, map("audience", EMAIL + "/" + EMAIL)))
                .containsExactly("audience");
    }

    @Test
    void findsOneNestedInDataInsideADeclaredMapOrList() {
        Map<String, Object> declared =
                map(
                        "additionalClaims",
                        map("email", EMAIL, "tenant", "${workflow.input.tenant}"),
                        "headers",
                        "${workflow.input.headers}",
                        "scopes",
                        List.of("read", "${workflow.input.scope}"));
        Map<String, Object> evaluated =
                map(
                        "additionalClaims",
                        map("email", EMAIL, "tenant", map("id", List.of(KEY))),
                        "headers",
                        map("x-note", KEY),
                        "scopes",
                        List.of("read", "write", KEY));

        assertThat(SmuggledSecretReferences.find(declared, evaluated))
                .containsExactly("additionalClaims", "headers", "scopes");
    }

    @Test
    void findsReferencesExactlyAsConductorsPatternDoes() {
        assertThat(SmuggledSecretReferences.references("a" + KEY + "b" + EMAIL))
                .containsExactly(KEY, EMAIL);
        // An empty name is no reference; an unclosed one neither.
        assertThat(SmuggledSecretReferences.references("${workflow.secrets.}${workflow.secrets.x"))
                .isEmpty();
        // [^}]+ runs over a second opening.
        assertThat(SmuggledSecretReferences.references("${workflow.secrets.a${workflow.secrets.b}"))
                .containsExactly("${workflow.secrets.a${workflow.secrets.b}");
        assertThat(SmuggledSecretReferences.references("$${workflow.secrets.x}"))
                .containsExactly("${workflow.secrets.x}");
    }

    @Test
    void theRefusalNamesTheFieldsAndNeverTheValue() {
        InvalidJwtInputException refusal =
                SmuggledSecretReferences.refusal(List.of("jti", "subject"));

        assertThat(refusal.getMessage())
                .isEqualTo(
                        "jti: a ${workflow.secrets.*} reference arrived through workflow data;"
                                + " secrets are resolved only where the workflow definition writes"
                                + " them; subject: a ${workflow.secrets.*} reference arrived"
                                + " through workflow data; secrets are resolved only where the"
                                + " workflow definition writes them");
        assertThat(SmuggledSecretReferences.refusal(List.of("line\nbreak")).getMessage())
                .startsWith("input: ");
    }

    @Test
    void walksDeepDataWithoutRecursion() {
        Object nested = KEY;
        for (int i = 0; i < 100_000; i++) {
            List<Object> wrapper = new ArrayList<>();
            wrapper.add(nested);
            nested = wrapper;
        }

        assertThat(
                        SmuggledSecretReferences.find(
                                map("claims", "${workflow.input.c}"), map("claims", nested)))
                .containsExactly("claims");
    }

    @Test
    void scansManyOpeningsWithoutAClosingBraceInOnePass() {
        String text = "${workflow.secrets.".repeat(200_000);

        assertThat(SmuggledSecretReferences.references(text)).isEmpty();
        assertThat(
                        SmuggledSecretReferences.find(
                                map("subject", "${workflow.input.s}"), map("subject", text)))
                .isEmpty();
    }
}
