package io.github.conductorjwt.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.GoogleCredentials;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.conductorjwt.core.ExampleInputs;
import io.github.conductorjwt.core.HeldKeyUnavailableException;
import io.github.conductorjwt.core.IndependentVerifier;
import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.SignedJwt;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.core.TestKeys;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Google signer through the real google-auth-library (a service-account credential whose
 * token_uri is the stand-in's) against {@link SignJwtStandIn}, a loopback <b>stand-in</b> for
 * Google's token endpoint and IAM signJwt, not Google: it checks our request and our mapping of
 * every class of answer.
 */
class GoogleSignJwtTest {

    private static final String ACCOUNT = "signer@example-project.iam.gserviceaccount.com";
    private static final String DELEGATE = "middle@example-project.iam.gserviceaccount.com";
    private static final KeyPair ACCOUNT_KEY = TestKeys.rsa(2048);
    private static final KeyPair SYSTEM_KEY = TestKeys.rsa(2048);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JwtRequestReader READER =
            new JwtRequestReader(new SigningPolicy(Duration.ofDays(1), SigningAlgorithm.RS256, 10));

    private SignJwtStandIn google;
    private GoogleSignJwt signer;

    @BeforeEach
    void standIn() throws Exception {
        google = new SignJwtStandIn((RSAPublicKey) ACCOUNT_KEY.getPublic(), SYSTEM_KEY);
        signer = signer(Duration.ofSeconds(15));
    }

    private GoogleSignJwt signer(Duration callTimeout) throws Exception {
        return new GoogleSignJwt(
                "google-signer",
                ACCOUNT,
                List.of(DELEGATE),
                google.uri(),
                credentials(),
                Clock.systemUTC(),
                callTimeout);
    }

    /**
     * A service-account credentials file, as Google hands them out, its token_uri the stand-in's.
     */
    private GoogleCredentials credentials() throws Exception {
        return GoogleCredentials.fromStream(
                new ByteArrayInputStream(
                        google.credentialsJson(
                                        "caller@example-project.iam.gserviceaccount.com",
                                        TestKeys.pkcs8Pem(ACCOUNT_KEY))
                                .getBytes(StandardCharsets.UTF_8)));
    }

    @AfterEach
    void stop() {
        google.close();
    }

    private static Map<String, Object> orkesExampleNamingGoogle() {
        Map<String, Object> input = new HashMap<>(ExampleInputs.orkesExample(null));
        input.remove("privateKey");
        input.remove("privateKeyId");
        input.remove("issuer");
        input.remove("subject");
        return input;
    }

    private SignedJwt sign(Map<String, Object> input) {
        return signer.sign(READER.read(input, signer));
    }

    @Test
    void googleSignsOurClaimsAndWeHandOutItsTokenAndKeyId() throws Exception {
        SignedJwt jwt = sign(orkesExampleNamingGoogle());

        SignedJWT token = IndependentVerifier.verify(jwt.token(), SYSTEM_KEY.getPublic());
        JWTClaimsSet claims = token.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(ACCOUNT);
        assertThat(claims.getSubject()).isEqualTo(ACCOUNT);
        assertThat(claims.getAudience()).containsExactly("https://oauth2.googleapis.com/token");
        assertThat(claims.getStringClaim("scope"))
                .isEqualTo("https://www.googleapis.com/auth/cloud-platform");
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
                .isEqualTo(3_600_000);
        assertThat(jwt.keyId()).isEqualTo(SignJwtStandIn.SYSTEM_KID);
        assertThat(jwt.algorithm()).isEqualTo("RS256");
        assertThat(jwt.jti()).isEqualTo(claims.getJWTID());

        SignJwtStandIn.Call call = google.calls.get(0);
        assertThat(call.path()).isEqualTo("/v1/projects/-/serviceAccounts/" + ACCOUNT + ":signJwt");
        assertThat(call.authorization()).isEqualTo("Bearer " + google.issuedTokens().get(0));
        assertThat(call.body().path("delegates").get(0).asText())
                .isEqualTo("projects/-/serviceAccounts/" + DELEGATE);
        JsonNode payload = JSON.readTree(call.body().path("payload").asText());
        assertThat(payload.path("iss").asText()).isEqualTo(ACCOUNT);
    }

    @Test
    void anExpMoreThan12HoursAfterIatIsRefusedBeforeAnyCall() {
        Map<String, Object> input = orkesExampleNamingGoogle();
        input.put("ttlInSecond", 12 * 3600 + 1);

        assertThatThrownBy(() -> sign(input))
                .isInstanceOf(InvalidJwtInputException.class)
                .hasMessage(
                        "ttlInSecond: held key 'google-signer' signs tokens of at most 43200 seconds");
        assertThat(google.calls).isEmpty();
    }

    @Test
    void whatOnlyGoogleWritesIsRefusedNamingEachField() {
        Map<String, Object> input = orkesExampleNamingGoogle();
        input.put("algorithm", "ES256");
        input.put("privateKeyId", "mine");
        input.put("headers", Map.of("x5u", "https://example.com"));

        assertThatThrownBy(() -> sign(input))
                .isInstanceOfSatisfying(
                        InvalidJwtInputException.class,
                        e ->
                                assertThat(e.violations())
                                        .extracting(InvalidJwtInputException.Violation::field)
                                        .containsExactlyInAnyOrder(
                                                "algorithm", "privateKeyId", "headers"));
        assertThat(google.calls).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 403, 404})
    void googleRefusingTheAccountEndsTheTaskTerminallyNamingKeyName(int status) {
        google.answerSignJwtWith(status);

        assertThatThrownBy(() -> sign(orkesExampleNamingGoogle()))
                .isInstanceOf(InvalidJwtInputException.class)
                .hasMessageStartingWith(
                        "keyName: Google refused to sign for held key 'google-signer' (HTTP "
                                + status
                                + ")")
                .hasMessageNotContaining(SignJwtStandIn.BODY_MARKER);
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 503})
    void aBusyOrFailingGoogleFailsRetryably(int status) {
        google.answerSignJwtWith(status);

        assertThatThrownBy(() -> sign(orkesExampleNamingGoogle()))
                .isInstanceOf(HeldKeyUnavailableException.class)
                .hasMessage(
                        "held key 'google-signer' cannot sign now: Google answered HTTP " + status);
    }

    @Test
    void aLateAnswerFailsRetryablyAtTheBound() throws Exception {
        signer = signer(Duration.ofSeconds(1));
        CountDownLatch release = google.holdSignJwt();
        try {
            assertThatThrownBy(() -> sign(orkesExampleNamingGoogle()))
                    .isInstanceOf(HeldKeyUnavailableException.class)
                    .hasMessage(
                            "held key 'google-signer' cannot sign now: Google did not answer within"
                                    + " 1 s");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aTokenEndpointThatFailsFailsRetryablyWithoutItsBody() {
        google.answerTokenWith(500);

        assertThatThrownBy(() -> sign(orkesExampleNamingGoogle()))
                .isInstanceOf(HeldKeyUnavailableException.class)
                .hasMessageStartingWith(
                        "held key 'google-signer' cannot sign now: cannot get an access token (")
                .hasMessageNotContaining(SignJwtStandIn.BODY_MARKER);
        assertThat(google.calls).isEmpty();
    }

    @Test
    void anUnreachableEndpointFailsRetryably() throws Exception {
        google.close();

        assertThatThrownBy(() -> sign(orkesExampleNamingGoogle()))
                .isInstanceOf(HeldKeyUnavailableException.class);
    }
}
