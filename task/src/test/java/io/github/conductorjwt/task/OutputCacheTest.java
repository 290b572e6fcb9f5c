package io.github.conductorjwt.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.github.conductorjwt.core.ExampleInputs;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.core.TestClock;
import io.github.conductorjwt.core.TestKeys;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** cacheConfig through the handler, on a clock the test moves: what a careful user expects. */
class OutputCacheTest {

    private static final KeyPair KEY = TestKeys.RSA_2048;
    private static final String PEM = TestKeys.pkcs8Pem(KEY);
    private static final CacheConfig BY_AUDIENCE = new CacheConfig("${audience}", 300);

    /** The signer and the cache read the same clock, which the test moves. */
    private final TestClock clock = new TestClock();

    private final List<Boolean> lookups = new ArrayList<>();
    private final SignedJwtTaskHandler handler = handler(1000);

    private SignedJwtTaskHandler handler(int cacheSize) {
        SigningMetrics metrics =
                new SigningMetrics() {
                    @Override
                    public void signed(String algorithm, Duration took) {}

                    @Override
                    public void refused(List<String> fields) {}

                    @Override
                    public void failed(String exceptionType) {}

                    @Override
                    public void outputCache(boolean hit) {
                        lookups.add(hit);
                    }
                };
        return new SignedJwtTaskHandler(
                new JwtRequestReader(SigningPolicy.defaults()),
                new JwtSigner(clock),
                InputPreparer.NONE,
                metrics,
                new OutputCache(cacheSize, clock));
    }

    private static Map<String, Object> input(String privateKey, long ttl) {
        Map<String, Object> input = new HashMap<>();
        input.put("subject", "sub-1");
        input.put("issuer", "iss-1");
        input.put("privateKey", privateKey);
        input.put("audience", "aud-1");
        input.put("ttlInSecond", ttl);
        return input;
    }

    private TaskOutcome run(Map<String, Object> input, CacheConfig config) {
        return handler.handle("t", input, null, config, CacheKeyReferences.AS_WRITTEN);
    }

    private static String token(TaskOutcome outcome) {
        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(TaskOutcome.Status.COMPLETED);
        return (String) outcome.output().get(GetSignedJwt.OUTPUT_TOKEN);
    }

    @Test
    void theSameKeyAndInputsReuseTheTokenMarkedCached() throws Exception {
        TaskOutcome first = run(input(PEM, 3600), BY_AUDIENCE);
        clock.advance(Duration.ofSeconds(10));
        TaskOutcome second = run(input(PEM, 3600), BY_AUDIENCE);

        assertThat(token(second)).isEqualTo(token(first));
        assertThat(first.output()).doesNotContainKey(GetSignedJwt.OUTPUT_CACHED);
        assertThat(second.output())
                .containsEntry(GetSignedJwt.OUTPUT_CACHED, true)
                .containsEntry("jti", first.output().get("jti"))
                .containsEntry("expiresAt", first.output().get("expiresAt"));
        assertThat(SignedJWT.parse(token(second)).verify(verifier(KEY))).isTrue();
        assertThat(lookups).containsExactly(false, true);
    }

    @Test
    void aDifferentEvaluatedKeyGetsAnotherToken() {
        Map<String, Object> first = input(PEM, 3600);
        first.put("tenant", "a");
        Map<String, Object> second = input(PEM, 3600);
        second.put("tenant", "b");
        CacheConfig byTenant = new CacheConfig("t-${tenant}", 300);

        assertThat(token(run(second, byTenant))).isNotEqualTo(token(run(first, byTenant)));
    }

    @Test
    void inputsThatShapeTheTokenAreAlwaysPartOfTheKey() {
        CacheConfig constant = new CacheConfig("same-for-all", 300);
        String first = token(run(input(PEM, 3600), constant));

        Map<String, Object> otherSubject = input(PEM, 3600);
        otherSubject.put("subject", "sub-2");
        Map<String, Object> otherTtl = input(PEM, 600);
        Map<String, Object> otherAlgorithm = input(PEM, 3600);
        otherAlgorithm.put("algorithm", "PS256");

        assertThat(List.of(otherSubject, otherTtl, otherAlgorithm))
                .allSatisfy(other -> assertThat(token(run(other, constant))).isNotEqualTo(first));
        assertThat(lookups).containsOnly(false);
    }

    @Test
    void aChangedSecretGetsANewTokenSignedWithTheNewKey() throws Exception {
        KeyPair rotated = TestKeys.rsa(2048);
        String before = token(run(input(PEM, 3600), BY_AUDIENCE));

        String after = token(run(input(TestKeys.pkcs8Pem(rotated), 3600), BY_AUDIENCE));

        assertThat(after).isNotEqualTo(before);
        assertThat(SignedJWT.parse(after).verify(verifier(rotated))).isTrue();
    }

    @Test
    void afterTheCacheTtlANewToken() {
        String first = token(run(input(PEM, 3600), BY_AUDIENCE));

        clock.advance(Duration.ofSeconds(299));
        String within = token(run(input(PEM, 3600), BY_AUDIENCE));
        clock.advance(Duration.ofSeconds(1));
        String after = token(run(input(PEM, 3600), BY_AUDIENCE));

        assertThat(within).isEqualTo(first);
        assertThat(after).isNotEqualTo(first);
    }

    @Test
    void aTokenIsNeverHandedOutWithLessThanThirtySecondsLeft() {
        CacheConfig longer = new CacheConfig("k", 3600);
        String first = token(run(input(PEM, 60), longer));

        clock.advance(Duration.ofSeconds(29));
        assertThat(token(run(input(PEM, 60), longer))).isEqualTo(first);
        clock.advance(Duration.ofSeconds(1)); // 30 s left
        assertThat(token(run(input(PEM, 60), longer))).isNotEqualTo(first);
    }

    @Test
    void aLongTokenKeepsATenthOfItsLifetimeInHand() {
        CacheConfig longer = new CacheConfig("k", 86_400);
        String first = token(run(input(PEM, 3600), longer));

        clock.advance(Duration.ofSeconds(3239));
        assertThat(token(run(input(PEM, 3600), longer))).isEqualTo(first);
        clock.advance(Duration.ofSeconds(1)); // 360 s, a tenth, left
        assertThat(token(run(input(PEM, 3600), longer))).isNotEqualTo(first);
    }

    @Test
    void aTokenTooShortForTheMarginIsNotCached() {
        String first = token(run(input(PEM, 30), BY_AUDIENCE));

        assertThat(token(run(input(PEM, 30), BY_AUDIENCE))).isNotEqualTo(first);
    }

    @Test
    void aRefusedInputIsRefusedEvenWhenItsKeyHasACachedOutput() {
        token(run(input(PEM, 3600), new CacheConfig("k", 300)));
        Map<String, Object> broken = input(PEM, 3600);
        broken.put("notBefore", 3600);

        TaskOutcome refused = run(broken, new CacheConfig("k", 300));

        assertThat(refused.status()).isEqualTo(TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(refused.reason()).startsWith("notBefore:");
        assertThat(lookups).containsExactly(false);
    }

    @Test
    void aBrokenCacheConfigFailsTerminallyWithTheInputsErrorsAtOnce() {
        Map<String, Object> broken = input(PEM, 0);

        TaskOutcome noKey = run(broken, new CacheConfig(" ", 0));
        TaskOutcome noTtl = run(input(PEM, 60), new CacheConfig("${audience}", 0));

        assertThat(noKey.status()).isEqualTo(TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(noKey.reason())
                .isEqualTo(
                        "ttlInSecond: must be between 1 and 86400, was 0; cacheConfig: key is"
                                + " required (the value outputs are reused by); cacheConfig:"
                                + " ttlInSecond must be at least 1, was 0");
        assertThat(noTtl.status()).isEqualTo(TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(noTtl.reason()).isEqualTo("cacheConfig: ttlInSecond must be at least 1, was 0");
    }

    @Test
    void aKeyEvaluatingPastItsBoundIsRefusedWithoutEchoingIt() {
        Map<String, Object> input = input(PEM, 60);
        input.put("long", "x".repeat(1025));

        TaskOutcome outcome = run(input, new CacheConfig("${long}", 60));
        TaskOutcome withTheKey = run(input(PEM, 60), new CacheConfig("${privateKey}", 60));

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(outcome.reason())
                .isEqualTo("cacheConfig: key must evaluate to at most 1024 characters, was 1025");
        assertThat(withTheKey.reason()).startsWith("cacheConfig:").doesNotContain("PRIVATE KEY");
    }

    @Test
    void theCacheKeyIsADigestThatHoldsNoKeyText() {
        String key =
                OutputCacheKey.of(
                        "${privateKey}-evaluated-" + PEM,
                        new JwtRequestReader(SigningPolicy.defaults()).read(input(PEM, 60)));

        assertThat(key).matches("[0-9a-f]{64}");
    }

    @Test
    void sizeZeroSignsEveryTime() {
        SignedJwtTaskHandler uncached = handler(0);

        String first =
                token(
                        uncached.handle(
                                "t", input(PEM, 3600), null, BY_AUDIENCE, r -> Optional.empty()));
        String second =
                token(
                        uncached.handle(
                                "t", input(PEM, 3600), null, BY_AUDIENCE, r -> Optional.empty()));

        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void withoutCacheConfigEveryTaskSigns() {
        String first = token(run(input(PEM, 3600), null));

        assertThat(token(run(input(PEM, 3600), null))).isNotEqualTo(first);
        assertThat(lookups).isEmpty();
    }

    /** conductor-oss ui-next's new task, required fields filled, the rest as the form writes it. */
    @Test
    void theUiFormsTaskCompletesAndIsReusedWithinItsTtl() {
        Map<String, Object> declared = ExampleInputs.uiNextForm();
        declared.put("subject", "sub-1");
        declared.put("issuer", "iss-1");
        declared.put("privateKey", "${workflow.secrets.jwt-privatekey}");
        declared.put("audience", "${workflow.input.audience}");
        declared.put("ttlInSecond", 3600);
        Map<String, Object> received = new HashMap<>(declared);
        received.put("privateKey", PEM);
        received.put("audience", "aud-1");
        CacheConfig ui = new CacheConfig("${workflow.input.audience}", 300);

        TaskOutcome first =
                handler.handle("t", received, declared, ui, CacheKeyReferences.AS_WRITTEN);
        TaskOutcome second =
                handler.handle("t", received, declared, ui, CacheKeyReferences.AS_WRITTEN);

        assertThat(token(second)).isEqualTo(token(first));
        assertThat(first.output()).doesNotContainKey("keyId");
    }

    @Test
    void keyReferencesResolveFromTheInputTheDeclaredInputAndThenTheAdapter() {
        Map<String, Object> input = Map.of("audience", "aud-1", "n", 7, "list", List.of("b", "a"));
        Map<String, Object> declared = Map.of("audience", "${workflow.input.audience}");

        String evaluated =
                CacheKeyExpression.evaluate(
                        "${n}:${workflow.input.audience}:${list}:${workflow.input.tenant}:${other}:${open",
                        input,
                        declared,
                        reference ->
                                reference.equals("workflow.input.tenant")
                                        ? Optional.of("acme")
                                        : Optional.empty());

        assertThat(evaluated).isEqualTo("7:aud-1:[\"b\",\"a\"]:acme:${other}:${open");
    }

    private static RSASSAVerifier verifier(KeyPair pair) {
        return new RSASSAVerifier((RSAPublicKey) pair.getPublic());
    }
}
