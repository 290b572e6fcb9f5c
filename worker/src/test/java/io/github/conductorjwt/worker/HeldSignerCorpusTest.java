package io.github.conductorjwt.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.conductorjwt.core.HostileInput;
import io.github.conductorjwt.core.HostileInput.Category;
import io.github.conductorjwt.core.HostileInputAssertions;
import io.github.conductorjwt.core.HostileInputs;
import io.github.conductorjwt.core.IndependentVerifier;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.Pkcs11Token;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.core.SoftHsmToken;
import io.github.conductorjwt.task.HeldSigners;
import io.github.conductorjwt.task.OutputCache;
import io.github.conductorjwt.task.SignedJwtTaskHandler;
import io.github.conductorjwt.task.SigningMetrics;
import io.github.conductorjwt.task.TaskOutcome;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus's {@code keyName} cases against a worker whose {@value HostileInputs#HELD_KEY_NAME} is
 * a key on a real SoftHSM2 token (no keys folder), as the worker wires it: held signers first, then
 * the folder, which refuses names nobody holds. Accepted cases are verified against the key's
 * published JWK, refusals held to the corpus's rules (fields, nothing echoed).
 */
class HeldSignerCorpusTest {

    private static SignedJwtTaskHandler handler;
    private static java.security.PublicKey publicKey;

    @BeforeAll
    static void holdTheKeyOnAToken() {
        SoftHsmToken hsm = SoftHsmToken.forThisJvm();
        HeldSigners held =
                HeldSigners.of(
                        Pkcs11Token.open(
                                        hsm.config(SoftHsmToken.CORPUS),
                                        SigningAlgorithm.RS256,
                                        new JwtSigner())
                                .signers());
        publicKey =
                (java.security.PublicKey)
                        held.find(SoftHsmToken.CORPUS).publicJwks().get(0).toKey();
        handler =
                new SignedJwtTaskHandler(
                        new JwtRequestReader(SigningPolicy.defaults()),
                        new JwtSigner(),
                        HeldKeys.none(),
                        SigningMetrics.NONE,
                        OutputCache.OFF,
                        held);
    }

    static Stream<HostileInput> keyNameCases() {
        return HostileInputs.all().stream().filter(c -> c.category() == Category.KEY_NAME);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyNameCases")
    void endsAsTheCorpusSays(HostileInput hostile) {
        TaskOutcome outcome = handler.handle("corpus", hostile.input(), null);

        if (hostile.expected() instanceof HostileInput.Accepted) {
            assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.COMPLETED);
            // The corpus gives privateKeyId, which replaces the key's kid: verified by the key.
            IndependentVerifier.verify((String) outcome.output().get("token"), publicKey);
        } else {
            HostileInputAssertions.assertOutcome(
                    hostile, outcome.status().name(), outcome.reason(), outcome.output());
        }
    }
}
