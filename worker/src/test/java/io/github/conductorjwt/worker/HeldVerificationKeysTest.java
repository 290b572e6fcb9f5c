package io.github.conductorjwt.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.conductorjwt.core.HeldSigner;
import io.github.conductorjwt.core.IndependentSigner;
import io.github.conductorjwt.core.JwtRequest;
import io.github.conductorjwt.core.JwtVerifier;
import io.github.conductorjwt.core.PublishedKey;
import io.github.conductorjwt.core.SignedJwt;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.TestKeys;
import io.github.conductorjwt.core.VerifyRequestReader;
import io.github.conductorjwt.task.HeldVerificationKeys;
import io.github.conductorjwt.task.TaskOutcome;
import io.github.conductorjwt.task.VerifyJwtTaskHandler;
import io.github.conductorjwt.task.VerifyMetrics;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** VERIFY_JWT's keyName on the worker: the published keys of that name verify, old and new. */
class HeldVerificationKeysTest {

    static final KeyPair OLD = TestKeys.RSA_2048;
    static final KeyPair NEW = TestKeys.ec("secp256r1");

    private static HeldKey held(String name, String kid, SigningAlgorithm algorithm, KeyPair pair) {
        return HeldKey.of(
                name, kid, algorithm, pair.getPrivate(), TestKeys.pkcs8Pem(pair), Instant.now());
    }

    private final List<HeldKey> published =
            List.of(
                    held("orders", "orders-1", SigningAlgorithm.RS256, OLD),
                    held("orders", "orders-2", SigningAlgorithm.ES256, NEW),
                    held("billing", "billing-1", SigningAlgorithm.RS256, TestKeys.rsa(2048)));

    private final VerifyJwtTaskHandler handler =
            new VerifyJwtTaskHandler(
                    new VerifyRequestReader(10),
                    new JwtVerifier(),
                    new HeldVerificationKeys("worker", () -> published),
                    VerifyMetrics.NONE);

    @Test
    void tokensOfEveryPublishedKeyOfTheNameVerify() {
        for (var signer : List.of(Map.entry("orders-1", OLD), Map.entry("orders-2", NEW))) {
            String alg = signer.getValue() == OLD ? "RS256" : "ES256";
            String token =
                    IndependentSigner.token(
                            alg, signer.getValue().getPrivate(), signer.getKey(), Map.of());

            TaskOutcome outcome =
                    handler.handle("t", Map.of("token", token, "keyName", "orders"), null);

            assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.COMPLETED);
            assertThat(outcome.output())
                    .containsEntry("valid", true)
                    .containsEntry("keyId", signer.getKey());
        }
    }

    @Test
    void anotherNamesKeyDoesNotVerify() {
        String token = IndependentSigner.token("RS256", OLD.getPrivate(), "orders-1", Map.of());
        TaskOutcome outcome =
                handler.handle("t", Map.of("token", token, "keyName", "billing"), null);
        assertThat(outcome.output()).containsEntry("errorCode", "KEY_NOT_FOUND");
    }

    @Test
    void anUnknownNameOrASecondKeySourceIsRefused() {
        TaskOutcome unknown = handler.handle("t", Map.of("token", "t", "keyName", "nope"), null);
        assertThat(unknown.status()).isEqualTo(TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(unknown.reason())
                .isEqualTo(
                        "keyName: this worker publishes no key by that name (it publishes: billing, orders)");

        TaskOutcome two =
                handler.handle(
                        "t",
                        Map.of("token", "t", "keyName", "orders", "secretKey", "x".repeat(40)),
                        null);
        assertThat(two.reason()).isEqualTo("keyName: " + HeldVerificationKeys.TWO_SOURCES_MSG);
    }

    /** A held signer (a PKCS#11 key, say): only its name and public half matter here. */
    private static HeldSigner signer(String name, List<PublicJwk<?>> publicJwks) {
        return new HeldSigner() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String keyId() {
                return publicJwks.isEmpty() ? null : publicJwks.get(0).getId();
            }

            @Override
            public List<SigningAlgorithm> algorithms() {
                return List.of(SigningAlgorithm.ES384);
            }

            @Override
            public boolean remote() {
                return true;
            }

            @Override
            public SignedJwt sign(JwtRequest request) {
                throw new UnsupportedOperationException("verification only");
            }

            @Override
            public List<PublicJwk<?>> publicJwks() {
                return publicJwks;
            }
        };
    }

    @Test
    void aHeldSignersPublicKeyVerifiesItsTokensAndAProviderPublishedOneIsSentToJwksUri() {
        KeyPair hsm = TestKeys.ec("secp384r1");
        PublicJwk<?> hsmJwk =
                Jwks.builder().key(hsm.getPublic()).id("hsm-1").algorithm("ES384").build();
        VerifyJwtTaskHandler withSigners =
                new VerifyJwtTaskHandler(
                        new VerifyRequestReader(10),
                        new JwtVerifier(),
                        new HeldVerificationKeys(
                                "worker",
                                () ->
                                        Stream.<PublishedKey>concat(
                                                        published.stream(),
                                                        Stream.of(
                                                                signer("hsm-es", List.of(hsmJwk)),
                                                                signer("google", List.of())))
                                                .toList()),
                        VerifyMetrics.NONE);
        String token = IndependentSigner.token("ES384", hsm.getPrivate(), "hsm-1", Map.of());

        TaskOutcome verified =
                withSigners.handle("t", Map.of("token", token, "keyName", "hsm-es"), null);
        TaskOutcome google =
                withSigners.handle("t", Map.of("token", token, "keyName", "google"), null);
        TaskOutcome unknown =
                withSigners.handle("t", Map.of("token", token, "keyName", "nope"), null);

        assertThat(verified.output()).containsEntry("valid", true).containsEntry("keyId", "hsm-1");
        assertThat(google.status()).isEqualTo(TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(google.reason())
                .isEqualTo(
                        "keyName: its public keys are published by its provider, not by this"
                                + " worker: verify with jwksUri");
        assertThat(unknown.reason())
                .isEqualTo(
                        "keyName: this worker publishes no key by that name (it publishes:"
                                + " billing, google, hsm-es, orders)");
    }
}
