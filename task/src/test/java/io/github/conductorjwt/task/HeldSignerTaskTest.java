package io.github.conductorjwt.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.conductorjwt.core.ExampleInputs;
import io.github.conductorjwt.core.HeldSigner;
import io.github.conductorjwt.core.IndependentVerifier;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.Pkcs11Token;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.core.SoftHsmToken;
import io.jsonwebtoken.security.Jwks;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET_SIGNED_JWT tasks naming a key on a real SoftHSM2 token, through the shared handler. */
class HeldSignerTaskTest {

    private static SoftHsmToken hsm;
    private static HeldSigners signers;
    private static SignedJwtTaskHandler handler;

    @BeforeAll
    static void handler() {
        hsm = SoftHsmToken.forThisJvm();
        Pkcs11Token token =
                Pkcs11Token.open(
                        hsm.config(SoftHsmToken.RSA, SoftHsmToken.EC_P256),
                        SigningAlgorithm.RS256,
                        new JwtSigner());
        signers = HeldSigners.of(token.signers());
        handler =
                new SignedJwtTaskHandler(
                        new JwtRequestReader(
                                new SigningPolicy(Duration.ofDays(1), SigningAlgorithm.RS256, 10)),
                        new JwtSigner(),
                        InputPreparer.NONE,
                        SigningMetrics.NONE,
                        new OutputCache(10),
                        signers);
    }

    /** The Orkes example, {@code keyName} in place of {@code privateKey} and its companions. */
    static Map<String, Object> orkesExampleNaming(String keyName) {
        Map<String, Object> input = new HashMap<>(ExampleInputs.orkesExample(null));
        input.remove("privateKey");
        input.remove("privateKeyId");
        input.remove("algorithm");
        input.put("keyName", keyName);
        return input;
    }

    private static String jwks() {
        return signers.all().stream()
                .flatMap(s -> s.publicJwks().stream())
                .map(Jwks::json)
                .collect(Collectors.joining(",", "{\"keys\":[", "]}"));
    }

    @Test
    void theOrkesExampleNamingATokenKeyCompletesWithATokenTheJwksVerifies() {
        for (String label : new String[] {SoftHsmToken.RSA, SoftHsmToken.EC_P256}) {
            TaskOutcome outcome = handler.handle("t1", orkesExampleNaming(label), null);

            assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.COMPLETED);
            String token = (String) outcome.output().get(GetSignedJwt.OUTPUT_TOKEN);
            IndependentVerifier.verifyWithJwks(token, jwks());
            HeldSigner signer = signers.find(label);
            assertThat(outcome.output().get(GetSignedJwt.OUTPUT_KEY_ID)).isEqualTo(signer.keyId());
        }
    }

    @Test
    void anAlgorithmTheKeyDoesNotSignEndsTheTaskTerminallyNamingTheField() {
        Map<String, Object> input = orkesExampleNaming(SoftHsmToken.EC_P256);
        input.put("algorithm", "ES384");

        TaskOutcome outcome = handler.handle("t2", input, null);

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(outcome.reason())
                .isEqualTo(
                        "algorithm: held key 'hsm-es' signs with ES256 only; leave algorithm out"
                                + " or give that");
    }

    @Test
    void keyTextBesideAHeldKeyIsRefused() {
        Map<String, Object> input = orkesExampleNaming(SoftHsmToken.RSA);
        input.put("privateKey", "-----BEGIN PRIVATE KEY-----");

        TaskOutcome outcome = handler.handle("t3", input, null);

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(outcome.reason()).isEqualTo("keyName: give keyName or privateKey, not both");
    }

    @Test
    void aCachedOutputIsReusedForTheSameHeldKey() {
        CacheConfig cache = new CacheConfig("tenant-a", 600);
        TaskOutcome first =
                handler.handle(
                        "t4",
                        orkesExampleNaming(SoftHsmToken.RSA),
                        null,
                        cache,
                        CacheKeyReferences.AS_WRITTEN);
        TaskOutcome second =
                handler.handle(
                        "t5",
                        orkesExampleNaming(SoftHsmToken.RSA),
                        null,
                        cache,
                        CacheKeyReferences.AS_WRITTEN);

        assertThat(second.output().get(GetSignedJwt.OUTPUT_TOKEN))
                .isEqualTo(first.output().get(GetSignedJwt.OUTPUT_TOKEN));
        assertThat(second.output().get(GetSignedJwt.OUTPUT_CACHED)).isEqualTo(true);
    }
}
