package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** VERIFY_JWT's inputs: every broken rule reported at once, by field, never quoting a key. */
class VerifyRequestReaderTest {

    private static final String RSA_PEM = JwtVerifierTest.publicPem(TestKeys.RSA_2048);
    private final VerifyRequestReader reader = new VerifyRequestReader(100);

    private static Map<String, Object> input(Object... pairs) {
        Map<String, Object> input = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            input.put((String) pairs[i], pairs[i + 1]);
        }
        return input;
    }

    private List<String> refusals(Map<String, Object> input) {
        try {
            reader.read(input);
        } catch (InvalidJwtInputException e) {
            assertThat(e.getMessage()).doesNotContain("MII"); // no key body quoted
            return e.violations().stream().map(Object::toString).toList();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void defaults() {
        VerifyRequest request = reader.read(input("token", "t", "publicKey", RSA_PEM));
        assertThat(request.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(request.maxLifetime()).isNull();
        assertThat(request.failOnInvalid()).isTrue();
        assertThat(request.algorithms())
                .containsExactlyInAnyOrder(
                        SigningAlgorithm.RS256,
                        SigningAlgorithm.RS384,
                        SigningAlgorithm.RS512,
                        SigningAlgorithm.PS256,
                        SigningAlgorithm.PS384,
                        SigningAlgorithm.PS512);
        assertThat(request.toString()).doesNotContain("t,");
    }

    @Test
    void exactlyOneKeySource() {
        assertThat(refusals(input("token", "t")))
                .containsExactly("publicKey: give one of publicKey, jwksUri, secretKey, keyName");
        assertThat(refusals(input("token", "t", "publicKey", RSA_PEM, "secretKey", "x".repeat(40))))
                .containsExactly(
                        "secretKey: give only one of publicKey, jwksUri, secretKey, keyName (given: publicKey, secretKey)");
        // A form's empty fields are absent.
        assertThat(
                        reader.read(
                                        input(
                                                "token",
                                                "t",
                                                "publicKey",
                                                RSA_PEM,
                                                "secretKey",
                                                "",
                                                "jwksUri",
                                                ""))
                                .fetched())
                .isFalse();
    }

    @Test
    void everyBrokenRuleAtOnce() {
        assertThat(
                        refusals(
                                input(
                                        "token",
                                        "t",
                                        "publicKey",
                                        RSA_PEM,
                                        "algorithms",
                                        List.of("HS256"),
                                        "clockSkewSeconds",
                                        301,
                                        "maxLifetimeSeconds",
                                        0,
                                        "claims",
                                        Map.of("iss", "x", "exp", 1),
                                        "failOnInvalid",
                                        "maybe",
                                        "audience",
                                        7)))
                .containsExactlyInAnyOrder(
                        "audience: must be a string or a list of strings, was a number",
                        "claims: 'iss' is checked by the issuer input; give it there",
                        "claims: 'exp' is checked against the clock, not a value",
                        "clockSkewSeconds: must be between 0 and 300, was 301",
                        "maxLifetimeSeconds: must be between 1 and 315360000, was 0",
                        "failOnInvalid: must be true or false, was a string",
                        "algorithms: none of them verifies with the key given (it verifies RS256, RS384, RS512, PS256, PS384, PS512)");
    }

    @Test
    void noneIsNeverAnAlgorithm() {
        assertThat(refusals(input("token", "t", "publicKey", RSA_PEM, "algorithms", "RS256 none")))
                .containsExactly("algorithms: 'none' is refused: unsigned tokens are never issued");
    }

    @Test
    void keysThatCannotVerifyAreRefusedByField() {
        assertThat(refusals(input("token", "t", "publicKey", TestKeys.pkcs8Pem(TestKeys.RSA_2048))))
                .containsExactly("publicKey: " + VerificationKeyParser.PRIVATE_GIVEN_MSG);
        assertThat(
                        refusals(
                                input(
                                        "token",
                                        "t",
                                        "publicKey",
                                        TestKeys.privateJwk(TestKeys.RSA_2048, "k"))))
                .containsExactly("publicKey: " + VerificationKeyParser.PRIVATE_GIVEN_MSG);
        assertThat(refusals(input("token", "t", "publicKey", "hello")))
                .containsExactly("publicKey: " + VerificationKeyParser.NO_PUBLIC_KEY_MSG);
        assertThat(
                        refusals(
                                input(
                                        "token",
                                        "t",
                                        "publicKey",
                                        JwtVerifierTest.publicPem(TestKeys.rsa(1024)))))
                .containsExactly("publicKey: RSA key is 1024 bits; between 2048 and 8192");
        assertThat(refusals(input("token", "t", "secretKey", "short")))
                .containsExactly(
                        "secretKey: HMAC secret is 5 bytes; at least 32 (HS256; HS384 needs 48, HS512 64)");
        assertThat(refusals(input("token", "t", "secretKey", RSA_PEM)))
                .containsExactly("secretKey: " + VerificationKeyParser.SECRET_IS_PEM_MSG);
        assertThat(refusals(input("token", "t", "publicKey", TestKeys.secretJwk(new byte[32]))))
                .containsExactly("publicKey: " + VerificationKeyParser.SECRET_JWK_MSG);
        assertThat(refusals(input("token", "t", "publicKey", "x".repeat(65_537))))
                .containsExactly("publicKey: must be at most 65536 characters, was 65537");
    }

    @Test
    void aSecretDecidesTheHmacAlgorithmsByItsLength() {
        VerifyRequest request = reader.read(input("token", "t", "secretKey", "x".repeat(48)));
        assertThat(request.algorithms())
                .isEqualTo(Set.of(SigningAlgorithm.HS256, SigningAlgorithm.HS384));
    }

    @Test
    void aJwksUriIsRefusedUntilTheOperatorAllowsHosts() {
        assertThat(refusals(input("token", "t", "jwksUri", "https://idp.example/jwks.json")))
                .containsExactly("jwksUri: " + JwksSource.NOT_ENABLED_MSG);
        assertThat(refusals(input("token", "t", "jwksUri", "file:///etc/passwd")))
                .containsExactly("jwksUri: " + VerifyRequestReader.JWKS_URI_MSG);
    }

    @Test
    void keyNameIsNotHeldHere() {
        assertThat(refusals(input("token", "t", "keyName", "main")))
                .containsExactly("keyName: " + VerifyRequestReader.NO_HELD_KEYS_MSG);
    }

    @Test
    void failOnInvalidAcceptsBooleansAndTheirText() {
        assertThat(
                        reader.read(
                                        input(
                                                "token",
                                                "t",
                                                "publicKey",
                                                RSA_PEM,
                                                "failOnInvalid",
                                                "false"))
                                .failOnInvalid())
                .isFalse();
        assertThat(
                        reader.read(
                                        input(
                                                "token",
                                                "t",
                                                "publicKey",
                                                RSA_PEM,
                                                "failOnInvalid",
                                                false))
                                .failOnInvalid())
                .isFalse();
    }

    @Test
    void theReaderNeverJudgesTheToken() {
        assertThat(reader.read(input("publicKey", RSA_PEM)).token()).isNull();
        assertThat(reader.read(input("token", List.of(), "publicKey", RSA_PEM)).token()).isNull();
        assertThatThrownBy(() -> reader.read(input("token", "t")))
                .isInstanceOf(InvalidJwtInputException.class);
    }
}
