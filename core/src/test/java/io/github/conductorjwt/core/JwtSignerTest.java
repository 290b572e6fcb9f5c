package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every token is checked with Nimbus JOSE+JWT, a library independent of the JJWT that signs. */
class JwtSignerTest {

    private static final KeyPair KEYS = TestKeys.RSA_2048;
    private static final String PEM = TestKeys.pkcs8Pem(KEYS);
    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30.750Z");

    private final JwtSigner signer = new JwtSigner(10, Clock.fixed(NOW, ZoneOffset.UTC));

    private static JwtRequest request(String pem, SigningAlgorithm algorithm) {
        return new JwtRequest(
                "issuer@example.com",
                "subject@example.com",
                List.of("https://api.example.com"),
                "key-123",
                Duration.ofSeconds(3600),
                List.of("read", "write"),
                algorithm,
                KeyText.of(pem));
    }

    private static SignedJWT verified(SignedJwt jwt) throws Exception {
        SignedJWT parsed = SignedJWT.parse(jwt.token());
        assertThat(parsed.verify(new RSASSAVerifier((RSAPublicKey) KEYS.getPublic()))).isTrue();
        return parsed;
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void signsATokenAnIndependentVerifierAccepts(SigningAlgorithm algorithm) throws Exception {
        SignedJwt jwt = signer.sign(request(PEM, algorithm));

        SignedJWT parsed = verified(jwt);
        assertThat(parsed.getHeader().getAlgorithm())
                .isEqualTo(JWSAlgorithm.parse(algorithm.name()));
        assertThat(jwt.algorithm()).isEqualTo(algorithm.name());
    }

    @Test
    void writesEveryClaimAndHeader() throws Exception {
        SignedJwt jwt = signer.sign(request(PEM, SigningAlgorithm.RS256));

        SignedJWT parsed = verified(jwt);
        var claims = parsed.getJWTClaimsSet();
        assertThat(parsed.getHeader().getKeyID()).isEqualTo("key-123");
        assertThat(parsed.getHeader().getType().getType()).isEqualTo("JWT");
        assertThat(claims.getIssuer()).isEqualTo("issuer@example.com");
        assertThat(claims.getSubject()).isEqualTo("subject@example.com");
        assertThat(claims.getAudience()).containsExactly("https://api.example.com");
        assertThat(claims.getStringClaim("scope")).isEqualTo("read write");
        assertThat(claims.getIssueTime())
                .isEqualTo(Date.from(Instant.parse("2026-11-24T10:15:30Z")));
        assertThat(claims.getExpirationTime())
                .isEqualTo(Date.from(Instant.parse("2026-11-24T11:15:30Z")));
        assertThat(claims.getJWTID()).isEqualTo(jwt.jti());
        assertThat(jwt.issuedAt()).isEqualTo(Instant.parse("2026-11-24T10:15:30Z"));
        assertThat(jwt.expiresAt()).isEqualTo(Instant.parse("2026-11-24T11:15:30Z"));
        assertThat(jwt.keyId()).isEqualTo("key-123");
    }

    @Test
    void writesASingleAudienceAsAStringAndSeveralAsAnArray() throws Exception {
        String single = payloadJson(signer.sign(request(PEM, SigningAlgorithm.RS256)));
        assertThat(single).contains("\"aud\":\"https://api.example.com\"");

        JwtRequest two =
                new JwtRequest(
                        "i",
                        "s",
                        List.of("a", "b"),
                        null,
                        Duration.ofSeconds(60),
                        List.of(),
                        SigningAlgorithm.RS256,
                        KeyText.of(PEM));
        SignedJwt jwt = signer.sign(two);
        assertThat(payloadJson(jwt)).contains("\"aud\":[\"a\",\"b\"]");
        assertThat(verified(jwt).getJWTClaimsSet().getAudience()).containsExactly("a", "b");
    }

    @Test
    void leavesOutScopeAndKidWhenNotGiven() throws Exception {
        JwtRequest bare =
                new JwtRequest(
                        "i",
                        "s",
                        List.of("a"),
                        null,
                        Duration.ofSeconds(60),
                        List.of(),
                        SigningAlgorithm.RS256,
                        KeyText.of(PEM));

        SignedJWT parsed = verified(signer.sign(bare));
        assertThat(parsed.getHeader().getKeyID()).isNull();
        assertThat(parsed.getJWTClaimsSet().getClaims()).doesNotContainKey("scope");
    }

    @Test
    void givesEveryTokenItsOwnJti() {
        String first = signer.sign(request(PEM, SigningAlgorithm.RS256)).jti();
        String second = signer.sign(request(PEM, SigningAlgorithm.RS256)).jti();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void readsPemWhoseNewlinesArrivedAsEscapes() throws Exception {
        String escaped = PEM.replace("\n", "\\n");
        assertThat(escaped).doesNotContain("\n");

        verified(signer.sign(request(escaped, SigningAlgorithm.RS256)));
    }

    @Test
    void readsPemWhoseLineBreaksWereLost() throws Exception {
        String flattened = PEM.replace("\n", " ");

        verified(signer.sign(request(flattened, SigningAlgorithm.RS256)));
    }

    @Test
    void refusesTextThatIsNotPem() {
        assertThatThrownBy(() -> signer.sign(request("hunter2", SigningAlgorithm.RS256)))
                .isInstanceOf(InvalidJwtInputException.class)
                .hasMessage(
                        "privateKey: not a PEM private key (expected a -----BEGIN PRIVATE KEY-----"
                                + " block)");
    }

    @Test
    void refusesACorruptPemBodyWithoutEchoingIt() {
        byte[] der = KEYS.getPrivate().getEncoded();
        String corrupt = TestKeys.pem("PRIVATE KEY", java.util.Arrays.copyOf(der, der.length / 2));

        assertThatThrownBy(() -> signer.sign(request(corrupt, SigningAlgorithm.RS256)))
                .isInstanceOf(InvalidJwtInputException.class)
                .hasMessageStartingWith("privateKey: PEM body is not")
                .message()
                .doesNotContain(TestKeys.body(corrupt).substring(0, 16));
    }

    @Test
    void refusesAPublicKey() {
        String pub = TestKeys.pem("PUBLIC KEY", KEYS.getPublic().getEncoded());

        assertThatThrownBy(() -> signer.sign(request(pub, SigningAlgorithm.RS256)))
                .hasMessage("privateKey: is a PUBLIC KEY, not a private key");
    }

    @Test
    void refusesPkcs1WithAHowTo() {
        String pkcs1 = TestKeys.pem("RSA PRIVATE KEY", new byte[] {1, 2, 3});

        assertThatThrownBy(() -> signer.sign(request(pkcs1, SigningAlgorithm.RS256)))
                .hasMessageStartingWith("privateKey: is a RSA PRIVATE KEY (PKCS#1/SEC1) block");
    }

    @Test
    void refusesAnRsaKeyShorterThan2048Bits() {
        String weak = TestKeys.pkcs8Pem(TestKeys.rsa(1024));

        assertThatThrownBy(() -> signer.sign(request(weak, SigningAlgorithm.RS256)))
                .isInstanceOf(InvalidJwtInputException.class)
                .hasMessage("privateKey: RSA key is 1024 bits; RS256 needs at least 2048");
    }

    @Test
    void refusesAKeyOfAnotherFamily() {
        String ec = TestKeys.pkcs8Pem(TestKeys.ec("secp256r1"));

        assertThatThrownBy(() -> signer.sign(request(ec, SigningAlgorithm.RS256)))
                .hasMessage("privateKey: an EC key cannot sign RS256 (needs an RSA key)");
    }

    @Test
    void signsWithTheRightKeyAfterTheSecretRotates() throws Exception {
        KeyPair next = TestKeys.rsa(2048);
        signer.sign(request(PEM, SigningAlgorithm.RS256));

        SignedJWT parsed =
                SignedJWT.parse(
                        signer.sign(request(TestKeys.pkcs8Pem(next), SigningAlgorithm.RS256))
                                .token());

        assertThat(parsed.verify(new RSASSAVerifier((RSAPublicKey) next.getPublic()))).isTrue();
        assertThat(parsed.verify(new RSASSAVerifier((RSAPublicKey) KEYS.getPublic()))).isFalse();
    }

    @Test
    void signsWithoutACache() throws Exception {
        JwtSigner uncached = new JwtSigner(0);

        verified(uncached.sign(request(PEM, SigningAlgorithm.RS256)));
        verified(uncached.sign(request(PEM, SigningAlgorithm.RS256)));
    }

    @Test
    void neverPrintsTheToken() {
        SignedJwt jwt = signer.sign(request(PEM, SigningAlgorithm.RS256));

        assertThat(jwt.toString()).doesNotContain(jwt.token()).contains("key-123");
    }

    private static String payloadJson(SignedJwt jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.token().split("\\.")[1]));
    }
}
