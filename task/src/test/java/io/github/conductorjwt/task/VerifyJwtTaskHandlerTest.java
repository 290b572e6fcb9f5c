package io.github.conductorjwt.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.conductorjwt.core.HostileTokens;
import io.github.conductorjwt.core.IndependentSigner;
import io.github.conductorjwt.core.JwksUnavailableException;
import io.github.conductorjwt.core.JwtVerifier;
import io.github.conductorjwt.core.VerifyErrorCode;
import io.github.conductorjwt.core.VerifyRequestReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VerifyJwtTaskHandlerTest {

    private final VerifyJwtTaskHandler handler =
            new VerifyJwtTaskHandler(new VerifyRequestReader(100), new JwtVerifier());

    private static Map<String, Object> input(String token, Object... more) {
        Map<String, Object> input = new HashMap<>();
        input.put("token", token);
        input.put("publicKey", HostileTokens.publicKeyPem());
        for (int i = 0; i < more.length; i += 2) {
            input.put((String) more[i], more[i + 1]);
        }
        return input;
    }

    private static String token(Map<String, ?> claims) {
        return IndependentSigner.token("RS256", HostileTokens.KEY.getPrivate(), "k1", claims);
    }

    @Test
    void aValidTokenCompletesWithItsClaims() {
        TaskOutcome outcome = handler.handle("t1", input(token(Map.of("role", "admin"))), null);

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.COMPLETED);
        assertThat(outcome.output())
                .containsEntry("valid", true)
                .containsEntry("keyId", "k1")
                .containsEntry("algorithm", "RS256")
                .containsKeys("header", "claims", "expiresAt")
                .doesNotContainKey("errorCode");
        assertThat((Map<String, Object>) outcome.output().get("claims"))
                .containsEntry("role", "admin");
    }

    @Test
    void anInvalidTokenFailsTerminallyWithItsCodeFirst() {
        TaskOutcome outcome =
                handler.handle(
                        "t1", input(token(Map.of()), "issuer", "https://other.example"), null);

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(outcome.reason()).startsWith("ISSUER_MISMATCH: ");
        assertThat(outcome.output())
                .containsEntry("valid", false)
                .containsEntry("errorCode", "ISSUER_MISMATCH")
                .doesNotContainKeys("claims", "header");
    }

    @Test
    void withFailOnInvalidFalseAnInvalidTokenCompletesForASwitch() {
        TaskOutcome outcome =
                handler.handle(
                        "t1",
                        input(token(Map.of()), "audience", "x", "failOnInvalid", false),
                        null);

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.COMPLETED);
        assertThat(outcome.output())
                .containsEntry("valid", false)
                .containsEntry("errorCode", "AUDIENCE_MISMATCH")
                .doesNotContainKeys("claims", "header");
    }

    @Test
    void badInputIsTerminalNamingTheField() {
        Map<String, Object> input = input(token(Map.of()), "secretKey", "s".repeat(40));
        TaskOutcome outcome = handler.handle("t1", input, null);

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(outcome.reason()).startsWith("secretKey: give only one of");
        assertThat(outcome.reason()).doesNotContain("sssss");
    }

    @Test
    void aMissingSecretIsExplained() {
        Map<String, Object> input = input(token(Map.of()));
        input.remove("publicKey");
        input.put("secretKey", null);
        TaskOutcome outcome =
                handler.handle(
                        "t1", input, Map.of("secretKey", "${workflow.secrets.webhook-secret}"));

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(outcome.reason())
                .contains("secretKey: missing — does secret 'webhook-secret' exist?");
    }

    @Test
    void anUnavailableJwkSetIsRetryable() {
        VerifyJwtTaskHandler fetching =
                new VerifyJwtTaskHandler(
                        new VerifyRequestReader(
                                100,
                                uri ->
                                        kid -> {
                                            throw new JwksUnavailableException("connect timed out");
                                        }),
                        new JwtVerifier());
        Map<String, Object> input = input(token(Map.of()), "jwksUri", "https://idp.example/jwks");
        input.remove("publicKey");

        TaskOutcome outcome = fetching.handle("t1", input, null);

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("JWKS_UNAVAILABLE: connect timed out");
        assertThat(outcome.output()).containsEntry("errorCode", "JWKS_UNAVAILABLE");
    }

    static List<HostileTokens.Case> hostileTokens() {
        return HostileTokens.all();
    }

    @ParameterizedTest
    @MethodSource("hostileTokens")
    void hostileTokensEndWithTheirCodeAndAreNeverEchoed(HostileTokens.Case hostile) {
        String token = hostile.token().get();
        for (boolean failOnInvalid : List.of(true, false)) {
            TaskOutcome outcome =
                    handler.handle("t1", input(token, "failOnInvalid", failOnInvalid), null);

            assertThat(outcome.status())
                    .isEqualTo(
                            failOnInvalid
                                    ? TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR
                                    : TaskOutcome.Status.COMPLETED);
            assertThat(outcome.output())
                    .containsEntry("valid", false)
                    .containsEntry("errorCode", VerifyErrorCode.valueOf(hostile.expected()).name());
            String everything = outcome.output() + " " + outcome.reason();
            for (String part : token.split("\\.")) {
                if (part.length() >= 8) {
                    assertThat(everything).doesNotContain(part.substring(0, 8));
                }
            }
            assertThat(everything.length()).isLessThan(1_000);
        }
    }
}
