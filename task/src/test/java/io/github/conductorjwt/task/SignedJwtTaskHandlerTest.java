package io.github.conductorjwt.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.github.conductorjwt.core.ExampleInputs;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.core.TestKeys;
import java.math.BigInteger;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignedJwtTaskHandlerTest {

    private static final String PEM = TestKeys.pkcs8Pem(TestKeys.RSA_2048);
    private static final String SECRET_REF = "${workflow.secrets.jwt-privatekey}";

    private final SignedJwtTaskHandler handler = handler(Clock.systemUTC());

    private static SignedJwtTaskHandler handler(Clock clock) {
        return new SignedJwtTaskHandler(
                new JwtRequestReader(SigningPolicy.defaults()), new JwtSigner(clock));
    }

    /** The Orkes example's task input as the server hands it out, secret resolved. */
    private static Map<String, Object> input(Object privateKey) {
        return ExampleInputs.orkesExample(privateKey);
    }

    private static Map<String, Object> declared() {
        Map<String, Object> declared = new HashMap<>(input(SECRET_REF));
        declared.put("subject", "${workflow.input.subject}");
        return declared;
    }

    /**
     * Found by fuzzing: the JDK reads this RSA key (its CRT coefficient is off by one), and only
     * signing with it fails, inside JJWT.
     */
    @Test
    void aKeyOnlyJjwtRefusesEndsTheTaskTerminallyNamingTheKeyInput() throws Exception {
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) TestKeys.RSA_2048.getPrivate();
        String pem =
                TestKeys.pem(
                        "RSA PRIVATE KEY",
                        new org.bouncycastle.asn1.pkcs.RSAPrivateKey(
                                        key.getModulus(),
                                        key.getPublicExponent(),
                                        key.getPrivateExponent(),
                                        key.getPrimeP(),
                                        key.getPrimeQ(),
                                        key.getPrimeExponentP(),
                                        key.getPrimeExponentQ(),
                                        key.getCrtCoefficient().add(BigInteger.ONE))
                                .getEncoded());

        TaskOutcome outcome = handler.handle("t1", input(pem), null);

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(outcome.reason()).startsWith("privateKey: refused by JJWT for RS256");
    }

    @Test
    void completesWithTheTokenAndItsFacts() throws Exception {
        TaskOutcome outcome = handler.handle("t1", input(PEM), declared());

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.COMPLETED);
        assertThat(outcome.reason()).isNull();
        assertThat(outcome.output())
                .containsOnlyKeys("token", "keyId", "algorithm", "issuedAt", "expiresAt", "jti");
        SignedJWT jwt = SignedJWT.parse((String) outcome.output().get("token"));
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) TestKeys.RSA_2048.getPublic())))
                .isTrue();
        assertThat(outcome.output())
                .containsEntry("keyId", "key-123")
                .containsEntry("algorithm", "RS256")
                .containsEntry("jti", jwt.getJWTClaimsSet().getJWTID())
                .containsEntry("issuedAt", jwt.getJWTClaimsSet().getIssueTime().getTime() / 1000)
                .containsEntry(
                        "expiresAt", jwt.getJWTClaimsSet().getExpirationTime().getTime() / 1000);
        assertThat(String.valueOf(outcome.output())).doesNotContain(TestKeys.body(PEM));
    }

    @Test
    void failsTerminallyOnBadInputNamingTheField() {
        Map<String, Object> input = input(PEM);
        input.put("ttlInSecond", 0);

        TaskOutcome outcome = handler.handle("t1", input, declared());

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(outcome.reason()).isEqualTo("ttlInSecond: must be between 1 and 86400, was 0");
        assertThat(outcome.output()).isEmpty();
    }

    @Test
    void namesTheSecretWhenItDidNotResolve() {
        TaskOutcome outcome = handler.handle("t1", input(null), declared());

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(outcome.reason())
                .startsWith("privateKey: missing — does secret 'jwt-privatekey' exist?")
                .contains("CONDUCTOR_SECRET_jwt-privatekey")
                .contains("3.31.2");
    }

    @Test
    void explainsALiteralSecretReferenceFromAnOlderServer() {
        TaskOutcome outcome = handler.handle("t1", input(SECRET_REF), declared());

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(outcome.reason())
                .startsWith("privateKey: secret 'jwt-privatekey' was not resolved")
                .contains("3.31.2 and later");
    }

    @Test
    void saysPlainlyMissingWhenNoSecretWasDeclared() {
        TaskOutcome outcome = handler.handle("t1", input(null), null);

        assertThat(outcome.reason()).isEqualTo("privateKey: is required");
    }

    @Test
    void neverQuotesAnInvalidKey() {
        String weak = TestKeys.pkcs8Pem(TestKeys.rsa(1024));

        TaskOutcome outcome = handler.handle("t1", input(weak), declared());

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(outcome.reason())
                .isEqualTo("privateKey: RSA key is 1024 bits; RS256 needs at least 2048");
    }

    @Test
    void reportsAnUnexpectedFaultAsRetryableWithoutItsMessage() {
        Clock broken =
                new Clock() {
                    @Override
                    public ZoneId getZone() {
                        return ZoneId.of("UTC");
                    }

                    @Override
                    public Clock withZone(ZoneId zone) {
                        return this;
                    }

                    @Override
                    public Instant instant() {
                        throw new IllegalStateException("message quoting " + PEM);
                    }
                };

        TaskOutcome outcome = handler(broken).handle("t1", input(PEM), declared());

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("signing failed: java.lang.IllegalStateException");
    }

    @Test
    void endsTheTaskEvenWhenAnErrorIsThrown() {
        SignedJwtTaskHandler handler =
                new SignedJwtTaskHandler(
                        new JwtRequestReader(SigningPolicy.defaults()),
                        new JwtSigner(),
                        input -> {
                            throw new OutOfMemoryError("message quoting " + PEM);
                        },
                        SigningMetrics.NONE);

        TaskOutcome outcome = handler.handle("t1", input(PEM), declared());

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("signing failed: java.lang.OutOfMemoryError");
    }

    @Test
    void neverQuotesASecretNameThatIsNoPlainName() {
        Map<String, Object> declared = new HashMap<>();
        declared.put("privateKey", "${workflow.secrets.a\nforged log line}");

        TaskOutcome outcome = handler.handle("t1", input(null), declared);

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(outcome.reason()).doesNotContain("forged").doesNotContain("\n");
    }
}
