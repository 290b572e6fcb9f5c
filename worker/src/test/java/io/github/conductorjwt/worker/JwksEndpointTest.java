package io.github.conductorjwt.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.SignedJWT;
import io.github.conductorjwt.core.IndependentVerifier;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.core.TestKeys;
import io.github.conductorjwt.task.SignedJwtTaskHandler;
import io.github.conductorjwt.task.SigningMetrics;
import io.github.conductorjwt.task.TaskOutcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JWKS document, read back with Nimbus: public halves only, each with kid, alg and use. */
class JwksEndpointTest {

    private static final KeyPair RSA = TestKeys.RSA_2048;
    private static final KeyPair P384 = TestKeys.ec("secp384r1");
    private static final KeyPair ED = TestKeys.generate("Ed25519", 0, null);
    private static final KeyPair JWK_RSA = TestKeys.rsa(2048);
    private static final Map<String, KeyPair> PAIRS =
            Map.of("rsa", RSA, "ec", P384, "ed", ED, "jwk", JWK_RSA);

    @TempDir Path dir;

    private HeldKeys heldKeys(SigningAlgorithm defaultAlgorithm) throws IOException {
        write("rsa/rsa-1.pem", TestKeys.pkcs8Pem(RSA));
        write("ec/ec-1.pem", TestKeys.pkcs8Pem(P384));
        write("ed/ed-1.pem", TestKeys.pkcs8Pem(ED));
        write("jwk/k.json", HeldKeysTest.jwk(JWK_RSA, "jwk-1", "PS512"));
        return HeldKeys.load(dir, defaultAlgorithm);
    }

    private void write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    static WorkerHttpServer serve(List<HeldKey> keys) {
        return new WorkerHttpServer(
                new InetSocketAddress("127.0.0.1", 0),
                Map.of(JwksEndpoint.PATH, new JwksEndpoint(() -> keys, Duration.ofMinutes(15))));
    }

    static JWKSet fetch(WorkerHttpServer endpoint) throws Exception {
        URI url =
                URI.create("http://127.0.0.1:" + endpoint.address().getPort() + JwksEndpoint.PATH);
        return JWKSet.load(url.toURL());
    }

    @Test
    void publishesThePublicHalfOfEveryKindOfKey() throws Exception {
        try (WorkerHttpServer endpoint = serve(heldKeys(SigningAlgorithm.RS256).all())) {

            JWKSet set = fetch(endpoint);

            assertThat(set.getKeys())
                    .extracting(JWK::getKeyID)
                    .containsExactly("ec-1", "ed-1", "jwk-1", "rsa-1");
            assertThat(set.getKeys())
                    .allSatisfy(
                            jwk -> {
                                assertThat(jwk.isPrivate()).isFalse();
                                assertThat(jwk.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
                            });
            assertThat(set.getKeys())
                    .extracting(jwk -> jwk.getAlgorithm().getName())
                    .containsExactly("ES384", "EdDSA", "PS512", "RS256");
            assertThat(set.getKeyByKeyId("rsa-1").toRSAKey().toRSAPublicKey())
                    .isEqualTo(RSA.getPublic());
            assertThat(set.getKeyByKeyId("ec-1").toECKey().toECPublicKey().getW())
                    .isEqualTo(((ECPublicKey) P384.getPublic()).getW());
            byte[] x509 = ED.getPublic().getEncoded(); // SPKI prefix, then the 32-byte point
            assertThat(set.getKeyByKeyId("ed-1").toOctetKeyPair().getDecodedX())
                    .isEqualTo(Arrays.copyOfRange(x509, x509.length - 32, x509.length));
        }
    }

    @Test
    void tellsCachesToRefetchWellBeforeANewKeySigns() throws Exception {
        try (WorkerHttpServer endpoint = serve(heldKeys(SigningAlgorithm.RS256).all())) {
            HttpResponse<Void> response =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + endpoint.address().getPort()
                                                                    + JwksEndpoint.PATH))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding());

            // Published 15 minutes before it signs; cached 5 minutes at most.
            assertThat(response.headers().firstValue("Cache-Control"))
                    .hasValue("public, max-age=300");
        }
    }

    /**
     * What a verifier that trusts the worker's key set sees: every token a held key signs, asked
     * for its own algorithm or none, verifies with the published key under the published alg; any
     * other algorithm is refused, so no token fails there.
     */
    @Test
    void everyTokenAHeldKeySignsVerifiesUnderItsPublishedAlg() throws Exception {
        HeldKeys keys = heldKeys(SigningAlgorithm.PS256);
        SignedJwtTaskHandler handler =
                new SignedJwtTaskHandler(
                        new JwtRequestReader(SigningPolicy.defaults()),
                        new JwtSigner(),
                        keys,
                        SigningMetrics.NONE);
        try (WorkerHttpServer endpoint = serve(keys.all())) {
            JWKSet published = fetch(endpoint);

            for (String name : List.of("rsa", "ec", "ed", "jwk")) {
                for (String asked : new String[] {null, "PS256", "RS256", "ES384", "PS512"}) {
                    Map<String, Object> input = new HashMap<>();
                    input.put("keyName", name);
                    input.put("issuer", "i");
                    input.put("subject", "s");
                    input.put("audience", "a");
                    input.put("ttlInSecond", 60);
                    input.put("algorithm", asked);

                    TaskOutcome outcome = handler.handle("t", input, null);

                    JWK jwk = published.getKeyByKeyId(keys.active(name).keyId());
                    String alg = jwk.getAlgorithm().getName();
                    if (asked != null && !asked.equals(alg)) {
                        assertThat(outcome.status())
                                .as(name + " asked " + asked)
                                .isEqualTo(TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR);
                        assertThat(outcome.reason()).startsWith("algorithm: held key '" + name);
                        continue;
                    }
                    assertThat(outcome.status())
                            .as(name + " asked " + asked + ": " + outcome.reason())
                            .isEqualTo(TaskOutcome.Status.COMPLETED);
                    SignedJWT token =
                            IndependentVerifier.verify(
                                    (String) outcome.output().get("token"),
                                    PAIRS.get(name).getPublic());
                    assertThat(token.getHeader().getAlgorithm().getName()).isEqualTo(alg);
                    assertThat(token.getHeader().getKeyID()).isEqualTo(jwk.getKeyID());
                }
            }
        }
    }
}
