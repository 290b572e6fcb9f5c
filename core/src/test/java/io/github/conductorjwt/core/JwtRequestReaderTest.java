package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtRequestReaderTest {

    private static final String KEY = TestKeys.pkcs8Pem(TestKeys.RSA_2048);

    private final JwtRequestReader reader = new JwtRequestReader(SigningPolicy.defaults());

    /** The inputs of Orkes' documented example, resolved. */
    private static Map<String, Object> valid() {
        return ExampleInputs.orkesExample(KEY);
    }

    private Map<String, Object> with(String field, Object value) {
        Map<String, Object> input = valid();
        input.put(field, value);
        return input;
    }

    private Map<String, Object> without(String field) {
        Map<String, Object> input = valid();
        input.remove(field);
        return input;
    }

    private String reasonFor(Map<String, Object> input) {
        return Refusals.of(reader, input).getMessage();
    }

    @Test
    void readsEveryInputOfTheOrkesExample() {
        JwtRequest request = reader.read(valid());

        assertThat(request.subject()).isEqualTo("svc@example.iam.gserviceaccount.com");
        assertThat(request.issuer()).isEqualTo("svc@example.iam.gserviceaccount.com");
        assertThat(request.audience()).containsExactly("https://oauth2.googleapis.com/token");
        assertThat(request.keyId()).isEqualTo("key-123");
        assertThat(request.ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(request.scopes())
                .containsExactly("https://www.googleapis.com/auth/cloud-platform");
        assertThat(request.algorithm()).isEqualTo(SigningAlgorithm.RS256);
        assertThat(request.key().keyId()).isNull();
    }

    @Test
    void neverPrintsTheKey() {
        JwtRequest request = reader.read(valid());

        assertThat(request.toString()).doesNotContain(TestKeys.body(KEY).substring(0, 20));
        assertThat(request.toString()).contains("SigningKey[RSA, kid=null]");
    }

    @Test
    void acceptsTheOtherTtlSpelling() {
        Map<String, Object> input = without("ttlInSecond");
        input.put("ttlInSeconds", 60);

        assertThat(reader.read(input).ttl()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void acceptsBothTtlSpellingsWhenTheyAgree() {
        Map<String, Object> input = with("ttlInSeconds", "3600");

        assertThat(reader.read(input).ttl()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void refusesBothTtlSpellingsWhenTheyDiffer() {
        assertThat(reasonFor(with("ttlInSeconds", 60)))
                .isEqualTo(
                        "ttlInSeconds: differs from ttlInSecond (60, not 3600); give one spelling");
    }

    @Test
    void acceptsTtlAsNumericStringOrIntegralDecimal() {
        assertThat(reader.read(with("ttlInSecond", " 120 ")).ttl()).hasSeconds(120);
        assertThat(reader.read(with("ttlInSecond", 120.0)).ttl()).hasSeconds(120);
        assertThat(reader.read(with("ttlInSecond", 120L)).ttl()).hasSeconds(120);
    }

    @Test
    void requiresTtl() {
        assertThat(reasonFor(without("ttlInSecond")))
                .isEqualTo("ttlInSecond: is required (or its spelling ttlInSeconds)");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -5, 86_401})
    void refusesTtlOutsideTheRange(long ttl) {
        assertThat(reasonFor(with("ttlInSecond", ttl)))
                .isEqualTo("ttlInSecond: must be between 1 and 86400, was " + ttl);
    }

    @Test
    void namesTheSpellingUsedInTtlErrors() {
        Map<String, Object> input = without("ttlInSecond");
        input.put("ttlInSeconds", 0);

        assertThat(reasonFor(input)).isEqualTo("ttlInSeconds: must be between 1 and 86400, was 0");
    }

    @Test
    void honoursAConfiguredMaximumTtl() {
        JwtRequestReader strict =
                new JwtRequestReader(SigningPolicy.defaults().withMaxTtl(Duration.ofMinutes(5)));

        assertThatThrownBy(() -> strict.read(valid()))
                .hasMessage("ttlInSecond: must be between 1 and 300, was 3600");
    }

    /** The rule says the unit and the range, so "1h" tells the user what to write instead. */
    @Test
    void refusesFractionalAndNonNumericTtlNamingTheUnitAndTheRange() {
        assertThat(reasonFor(with("ttlInSecond", 1.5)))
                .isEqualTo(
                        "ttlInSecond: must be a whole number of seconds from 1 to 86400, was a"
                                + " fraction");
        assertThat(reasonFor(with("ttlInSecond", "1h")))
                .isEqualTo(
                        "ttlInSecond: must be a whole number of seconds from 1 to 86400, was a"
                                + " non-numeric string");
        assertThat(reasonFor(with("ttlInSecond", true)))
                .isEqualTo(
                        "ttlInSecond: must be a whole number of seconds from 1 to 86400, was a"
                                + " boolean");
    }

    @Test
    void refusesANonNumericNotBeforeNamingItsRangeUnderTheTtl() {
        assertThat(reasonFor(with("notBefore", "5m")))
                .isEqualTo(
                        "notBefore: must be a whole number of seconds from 0 to 3599 (less than"
                                + " the TTL), was a non-numeric string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"subject", "issuer", "audience", "privateKey"})
    void requiresField(String field) {
        assertThat(reasonFor(without(field))).isEqualTo(field + ": is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"subject", "issuer", "audience", "privateKey"})
    void refusesAnEmptyRequiredField(String field) {
        assertThat(reasonFor(with(field, "  "))).isEqualTo(field + ": must not be empty");
    }

    @Test
    void refusesANonStringSubject() {
        assertThat(reasonFor(with("subject", 42)))
                .isEqualTo("subject: must be a string, was a number");
    }

    @Test
    void reportsEveryViolationOfTheUiFormDefaultsAtOnce() {
        Map<String, Object> input = ExampleInputs.uiNextForm();

        assertThatThrownBy(() -> reader.read(input))
                .isInstanceOfSatisfying(
                        InvalidJwtInputException.class,
                        e ->
                                assertThat(e.violations())
                                        .extracting(InvalidJwtInputException.Violation::field)
                                        .containsExactly(
                                                "privateKey",
                                                "issuer",
                                                "subject",
                                                "audience",
                                                "ttlInSecond"))
                .hasMessageContaining("privateKey: must not be empty")
                .hasMessageContaining("ttlInSecond: must be between 1 and 86400, was 0");
    }

    /**
     * What ui-next writes once the required fields are filled: the rest left as the form has it.
     */
    @Test
    void readsTheUiFormWithItsOptionalFieldsLeftEmpty() {
        Map<String, Object> input = valid();
        input.put("privateKeyId", "");
        input.put("scopes", List.of());
        input.put("jti", "");
        input.put("notBefore", "");
        input.put("headers", Map.of());
        input.put("additionalClaims", "");

        JwtRequest request = reader.read(input);

        assertThat(request.keyId()).isNull();
        assertThat(request.scopes()).isEmpty();
        assertThat(request.jti()).isNull();
        assertThat(request.notBefore()).isNull();
        assertThat(request.headers()).isEmpty();
        assertThat(request.additionalClaims()).isEmpty();
    }

    @Test
    void aBlankKeyIdLeavesTheKeyFilesOwnKid() {
        Map<String, Object> input =
                with("privateKey", TestKeys.privateJwk(TestKeys.RSA_2048, "jwk-kid"));
        input.put("privateKeyId", " ");

        assertThat(reader.read(input).keyId()).isEqualTo("jwk-kid");
    }

    @Test
    void notBeforeZeroIsAValueNotABlank() {
        assertThat(reader.read(with("notBefore", 0)).notBefore()).isZero();
    }

    @Test
    void leavesOutTheKeyIdWhenAbsent() {
        assertThat(reader.read(without("privateKeyId")).keyId()).isNull();
    }

    @Test
    void readsScopesFromASeparatedString() {
        assertThat(reader.read(with("scopes", "read:a, write:b  admin,read:a")).scopes())
                .containsExactly("read:a", "write:b", "admin");
    }

    @Test
    void readsScopesFromAList() {
        assertThat(reader.read(with("scopes", List.of("read:a", "write:b"))).scopes())
                .containsExactly("read:a", "write:b");
    }

    @Test
    void allowsNoScopes() {
        assertThat(reader.read(without("scopes")).scopes()).isEmpty();
        assertThat(reader.read(with("scopes", List.of())).scopes()).isEmpty();
        assertThat(reader.read(with("scopes", "")).scopes()).isEmpty();
    }

    @Test
    void refusesScopesOfTheWrongShape() {
        assertThat(reasonFor(with("scopes", Map.of("a", 1))))
                .isEqualTo("scopes: must be a string or a list of strings, was an object");
        assertThat(reasonFor(with("scopes", List.of("read", 7))))
                .isEqualTo("scopes: every item must be a non-empty string");
    }

    /**
     * A list item with a space would become two scopes in the space-separated claim (scope
     * injection: ["read write", "admin"] granted three); RFC 6749 §3.3 scope-tokens have no space,
     * '"' or '\\'. Refused naming the rule, never the value.
     */
    @ParameterizedTest
    @ValueSource(strings = {"read write", "read\"write", "read\\write", "read\twrite", "réad"})
    void refusesAScopeItemThatIsNoScopeToken(String item) {
        String reason = reasonFor(with("scopes", List.of(item, "admin")));

        assertThat(reason)
                .isEqualTo(
                        "scopes: every scope must be an RFC 6749 scope-token: printable ASCII"
                                + " without space, '\"' or '\\'")
                .doesNotContain(item);
    }

    @Test
    void refusesAQuoteOrBackslashInsideAScopesString() {
        assertThat(reasonFor(with("scopes", "read admin\"x"))).startsWith("scopes: every scope");
        assertThat(reasonFor(with("scopes", "read,admin\\x"))).startsWith("scopes: every scope");
    }

    @Test
    void acceptsEveryPrintableScopeTokenCharacter() {
        String all =
                java.util.stream.IntStream.rangeClosed(0x21, 0x7E)
                        .filter(c -> c != '"' && c != '\\' && c != ',')
                        .collect(
                                StringBuilder::new,
                                StringBuilder::appendCodePoint,
                                StringBuilder::append)
                        .toString();

        assertThat(reader.read(with("scopes", List.of(all, "a,b"))).scopes())
                .containsExactly(all, "a,b");
    }

    @Test
    void readsSeveralAudiences() {
        assertThat(reader.read(with("audience", List.of("api-a", "api-b"))).audience())
                .containsExactly("api-a", "api-b");
    }

    @Test
    void refusesAnEmptyAudienceList() {
        assertThat(reasonFor(with("audience", List.of()))).isEqualTo("audience: must not be empty");
    }

    @Test
    void defaultsTheAlgorithmFromThePolicy() {
        JwtRequestReader rs512 =
                new JwtRequestReader(
                        new SigningPolicy(Duration.ofHours(1), SigningAlgorithm.RS512, 0));

        assertThat(rs512.read(without("algorithm")).algorithm()).isEqualTo(SigningAlgorithm.RS512);
    }

    @Test
    void matchesAlgorithmNamesWithoutRegardToCase() {
        assertThat(reader.read(with("algorithm", "rs384")).algorithm())
                .isEqualTo(SigningAlgorithm.RS384);
    }

    @Test
    void refusesTheNoneAlgorithm() {
        assertThat(reasonFor(with("algorithm", "none")))
                .isEqualTo("algorithm: 'none' is refused: unsigned tokens are never issued");
    }

    @Test
    void refusesAnUnknownAlgorithmWithoutQuotingIt() {
        assertThat(reasonFor(with("algorithm", "XS999")))
                .isEqualTo(
                        "algorithm: must be one of RS256, RS384, RS512, PS256, PS384, PS512, ES256,"
                                + " ES384, ES512, EdDSA, HS256, HS384, HS512");
    }

    @Test
    void takesDefaultsFromAGoogleServiceAccountFile() {
        Map<String, Object> input = without("issuer");
        input.remove("subject");
        input.remove("privateKeyId");
        input.put(
                "privateKey",
                TestKeys.serviceAccountJson(
                        TestKeys.RSA_2048, "sa-kid", "svc@p.iam.gserviceaccount.com"));

        JwtRequest request = reader.read(input);

        assertThat(request.issuer()).isEqualTo("svc@p.iam.gserviceaccount.com");
        assertThat(request.subject()).isEqualTo("svc@p.iam.gserviceaccount.com");
        assertThat(request.keyId()).isEqualTo("sa-kid");
    }

    @Test
    void letsGivenInputsOverrideTheServiceAccountDefaults() {
        Map<String, Object> input =
                with(
                        "privateKey",
                        TestKeys.serviceAccountJson(
                                TestKeys.RSA_2048, "sa-kid", "svc@p.iam.gserviceaccount.com"));
        input.put("subject", "user@example.com");

        JwtRequest request = reader.read(input);

        assertThat(request.subject()).isEqualTo("user@example.com");
        assertThat(request.keyId()).isEqualTo("key-123");
    }

    @Test
    void refusesAClaimThatAnotherInputSets() {
        assertThat(reasonFor(with("additionalClaims", Map.of("sub", "x"))))
                .isEqualTo(
                        "additionalClaims: 'sub' is set by the subject input; give it there only");
        assertThat(reasonFor(with("additionalClaims", Map.of("iat", 1))))
                .isEqualTo("additionalClaims: 'iat' is always the signing time");
        assertThat(reasonFor(with("additionalClaims", Map.of("scope", "a"))))
                .isEqualTo(
                        "additionalClaims: 'scope' is set by the scopes input; give it there only");
    }

    @Test
    void refusesAHeaderThatAnotherInputSets() {
        assertThat(reasonFor(with("headers", Map.of("alg", "none"))))
                .isEqualTo("headers: 'alg' is set by the algorithm input; give it there only");
        assertThat(reasonFor(with("headers", Map.of("kid", "k"))))
                .isEqualTo("headers: 'kid' is set by the privateKeyId input; give it there only");
        assertThat(reasonFor(with("headers", Map.of("crit", List.of("x")))))
                .isEqualTo("headers: 'crit' is not supported");
    }

    @Test
    void refusesClaimsOrHeadersThatAreNoObject() {
        assertThat(reasonFor(with("additionalClaims", "a=b")))
                .isEqualTo("additionalClaims: must be an object, was a string");
        assertThat(reasonFor(with("headers", List.of("x"))))
                .isEqualTo("headers: must be an object, was a list");
    }

    @Test
    void refusesNotBeforeOutsideTheTokensLifetime() {
        assertThat(reasonFor(with("notBefore", 3600)))
                .isEqualTo("notBefore: must be between 0 and 3599 (less than the TTL), was 3600");
        assertThat(reasonFor(with("notBefore", -1)))
                .isEqualTo("notBefore: must be between 0 and 3599 (less than the TTL), was -1");
        assertThat(reader.read(with("notBefore", 30)).notBefore()).hasSeconds(30);
    }

    @Test
    void anEmptyJtiIsAbsent() {
        assertThat(reader.read(with("jti", "")).jti()).isNull();
    }

    @Test
    void ignoresInputsItDoesNotKnow() {
        JwtRequest read = reader.read(with("somethingElse", "x"));

        assertThat(read)
                .usingRecursiveComparison()
                .ignoringFields("key")
                .isEqualTo(reader.read(valid()));
        assertThat(read.subject()).isEqualTo(valid().get("subject"));
        assertThat(read.additionalClaims()).doesNotContainKey("somethingElse");
        assertThat(read.headers()).doesNotContainKey("somethingElse");
    }
}
