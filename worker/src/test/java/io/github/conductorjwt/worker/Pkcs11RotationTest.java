package io.github.conductorjwt.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.conductorjwt.core.ExampleInputs;
import io.github.conductorjwt.core.IndependentVerifier;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.Pkcs11Token;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.core.SoftHsmToken;
import io.github.conductorjwt.core.TestClock;
import io.github.conductorjwt.task.GetSignedJwt;
import io.github.conductorjwt.task.InputPreparer;
import io.github.conductorjwt.task.OutputCache;
import io.github.conductorjwt.task.SignedJwtTaskHandler;
import io.github.conductorjwt.task.SignerSchedule;
import io.github.conductorjwt.task.SigningMetrics;
import io.github.conductorjwt.task.TaskOutcome;
import io.github.conductorjwt.task.TokenReloader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A PKCS#11 key rotated by label on a real SoftHSM2 token while the worker's parts run: what a
 * verifier sees in the JWKS and which kid a task's token carries, with a test clock for the delays.
 */
class Pkcs11RotationTest {

    private static final Duration DELAY = Duration.ofMinutes(15);
    private static final Duration RETIRE = Duration.ofHours(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private SoftHsmToken hsm;
    private String name;
    private String firstId;
    private TestClock clock;
    private SignerSchedule schedule;
    private TokenReloader reloader;
    private JwksEndpoint jwks;
    private SignedJwtTaskHandler handler;

    @BeforeEach
    void aWorkerHoldingOneTokenKey() {
        hsm = SoftHsmToken.forThisJvm();
        // A name of this test's own: the token is shared by the tests of this JVM.
        name = "rotating-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        firstId = hsm.addKey(name, "rsa:2048");
        Pkcs11Token token =
                Pkcs11Token.open(hsm.config(name), SigningAlgorithm.RS256, new JwtSigner());
        clock = new TestClock(Instant.now());
        schedule = new SignerSchedule(clock, DELAY, RETIRE, token.signers(), List.of());
        reloader = new TokenReloader(token::reload, schedule, DELAY);
        jwks = new JwksEndpoint(List::of, () -> schedule.now().published(), DELAY);
        handler =
                new SignedJwtTaskHandler(
                        new JwtRequestReader(
                                new SigningPolicy(Duration.ofDays(1), SigningAlgorithm.RS256, 10)),
                        new JwtSigner(),
                        InputPreparer.NONE,
                        SigningMetrics.NONE,
                        new OutputCache(10),
                        () -> schedule.now().signing());
    }

    @Test
    void aKeyAddedUnderAVersionLabelIsPublishedAtOnceAndSignsOnlyAfterTheDelay()
            throws IOException {
        String first = kidOfATask();
        assertThat(publishedKids()).containsExactly(first);

        hsm.addKey(name + ".2027-01", "EC:prime256v1");
        reloader.reload();

        List<String> published = publishedKids();
        assertThat(published).hasSize(2).contains(first);
        String second = published.stream().filter(kid -> !kid.equals(first)).findFirst().get();
        assertThat(kidOfATask()).isEqualTo(first);

        clock.advance(DELAY.minusSeconds(1));
        reloader.reload();
        assertThat(kidOfATask()).isEqualTo(first);

        clock.advance(Duration.ofSeconds(1));
        assertThat(kidOfATask()).isEqualTo(second);
        assertThat(publishedKids()).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void aKeyRemovedFromTheTokenStaysPublishedUntilRetired() throws IOException {
        String first = kidOfATask();
        hsm.addKey(name + ".2027-01", "EC:prime256v1");
        reloader.reload();
        clock.advance(DELAY);
        String second = kidOfATask();
        assertThat(second).isNotEqualTo(first);

        hsm.removeKey(firstId);
        reloader.reload();

        assertThat(publishedKids()).containsExactlyInAnyOrder(first, second);
        clock.advance(RETIRE.minusSeconds(1));
        reloader.reload();
        assertThat(publishedKids()).containsExactlyInAnyOrder(first, second);
        clock.advance(Duration.ofSeconds(1));
        assertThat(publishedKids()).containsExactly(second);
        assertThat(kidOfATask()).isEqualTo(second);
        assertThat(reloader.failing()).isFalse();
    }

    @Test
    void aLabelThatComesBackOnAnotherKeySignsWithTheNewKey() throws IOException {
        String first = kidOfATask();

        hsm.removeKey(firstId);
        hsm.addKey(name, "EC:prime256v1");
        reloader.reload();

        // The only key of its name: it signs at once; the old one stays published, retiring.
        String second = kidOfATask();
        assertThat(second).isNotEqualTo(first);
        assertThat(publishedKids()).containsExactlyInAnyOrder(first, second);
    }

    /** Signs the Orkes example naming the key; the token verifies against the JWKS served now. */
    private String kidOfATask() throws IOException {
        Map<String, Object> input = new HashMap<>(ExampleInputs.orkesExample(null));
        input.remove("privateKey");
        input.remove("privateKeyId");
        input.remove("algorithm");
        input.put("keyName", name);
        TaskOutcome outcome = handler.handle("t1", input, null);
        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.COMPLETED);
        String token = (String) outcome.output().get(GetSignedJwt.OUTPUT_TOKEN);
        String kid =
                IndependentVerifier.verifyWithJwks(token, jwksDocument()).getHeader().getKeyID();
        assertThat(outcome.output().get(GetSignedJwt.OUTPUT_KEY_ID)).isEqualTo(kid);
        return kid;
    }

    private String jwksDocument() {
        return new String(jwks.get().body(), StandardCharsets.UTF_8);
    }

    private List<String> publishedKids() throws IOException {
        List<String> kids = new ArrayList<>();
        for (JsonNode key : JSON.readTree(jwksDocument()).get("keys")) {
            kids.add(key.get("kid").asText());
        }
        return kids;
    }
}
