package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Claims and headers as written; every token checked without JJWT. */
class JwtSignerTest {

    private static final KeyPair KEYS = TestKeys.RSA_2048;
    private static final String PEM = TestKeys.pkcs8Pem(KEYS);
    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30.750Z");

    private final JwtRequestReader reader = new JwtRequestReader(SigningPolicy.defaults());
    private final JwtSigner signer = new JwtSigner(Clock.fixed(NOW, ZoneOffset.UTC));

    private static Map<String, Object> input() {
        Map<String, Object> input = new HashMap<>();
        input.put("issuer", "issuer@example.com");
        input.put("subject", "subject@example.com");
        input.put("audience", "https://api.example.com");
        input.put("privateKey", PEM);
        input.put("privateKeyId", "key-123");
        input.put("ttlInSecond", 3600);
        input.put("scopes", List.of("read", "write"));
        return input;
    }

    private SignedJwt sign(Map<String, Object> input) {
        return signer.sign(reader.read(input));
    }

    private static SignedJWT verified(SignedJwt jwt) {
        return IndependentVerifier.verify(jwt.token(), KEYS.getPublic());
    }

    @Test
    void writesEveryClaimAndHeader() throws Exception {
        SignedJwt jwt = sign(input());

        SignedJWT parsed = verified(jwt);
        JWTClaimsSet claims = parsed.getJWTClaimsSet();
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
        assertThat(claims.getNotBeforeTime()).isNull();
        assertThat(claims.getJWTID()).isEqualTo(jwt.jti());
        assertThat(jwt.issuedAt()).isEqualTo(Instant.parse("2026-11-24T10:15:30Z"));
        assertThat(jwt.expiresAt()).isEqualTo(Instant.parse("2026-11-24T11:15:30Z"));
        assertThat(jwt.keyId()).isEqualTo("key-123");
        assertThat(jwt.algorithm()).isEqualTo("RS256");
    }

    @Test
    void writesASingleAudienceAsAStringAndSeveralAsAnArray() throws Exception {
        assertThat(payloadJson(sign(input()))).contains("\"aud\":\"https://api.example.com\"");

        Map<String, Object> two = input();
        two.put("audience", List.of("a", "b"));
        SignedJwt jwt = sign(two);
        assertThat(payloadJson(jwt)).contains("\"aud\":[\"a\",\"b\"]");
        assertThat(verified(jwt).getJWTClaimsSet().getAudience()).containsExactly("a", "b");
    }

    @Test
    void leavesOutScopeAndKidWhenNotGiven() throws Exception {
        Map<String, Object> bare = input();
        bare.remove("scopes");
        bare.remove("privateKeyId");

        SignedJWT parsed = verified(sign(bare));
        assertThat(parsed.getHeader().getKeyID()).isNull();
        assertThat(parsed.getJWTClaimsSet().getClaims()).doesNotContainKey("scope");
    }

    @Test
    void givesEveryTokenItsOwnJtiUnlessOneIsGiven() {
        assertThat(sign(input()).jti()).isNotEqualTo(sign(input()).jti());

        Map<String, Object> fixed = input();
        fixed.put("jti", "run-42");
        SignedJwt jwt = sign(fixed);
        assertThat(jwt.jti()).isEqualTo("run-42");
    }

    @Test
    void writesNotBeforeRelativeToTheIssueTime() throws Exception {
        Map<String, Object> delayed = input();
        delayed.put("notBefore", 60);

        assertThat(verified(sign(delayed)).getJWTClaimsSet().getNotBeforeTime())
                .isEqualTo(Date.from(Instant.parse("2026-11-24T10:16:30Z")));
    }

    @Test
    void writesAdditionalClaimsKeepingNestedValuesAsJson() throws Exception {
        Map<String, Object> extra = input();
        extra.put(
                "additionalClaims",
                Map.of(
                        "target_audience", "https://run.example.com",
                        "roles", List.of("admin", "ops"),
                        "ctx", Map.of("tenant", "t1", "level", 3)));

        JWTClaimsSet claims = verified(sign(extra)).getJWTClaimsSet();
        assertThat(claims.getStringClaim("target_audience")).isEqualTo("https://run.example.com");
        assertThat(claims.getStringListClaim("roles")).containsExactly("admin", "ops");
        assertThat(claims.getJSONObjectClaim("ctx"))
                .containsEntry("tenant", "t1")
                .containsEntry("level", 3L);
    }

    @Test
    void writesExtraHeadersAndLetsTypBeChanged() throws Exception {
        Map<String, Object> extra = input();
        String thumbprint = "CKHGUjY1-lXrOhAC9ytBPzbOrX8"; // 20 bytes, base64url
        extra.put("headers", Map.of("x5t", thumbprint, "tenant", "t1", "typ", "at+jwt"));

        SignedJWT parsed = verified(sign(extra));
        assertThat(parsed.getHeader().getX509CertThumbprint().toString()).isEqualTo(thumbprint);
        assertThat(parsed.getHeader().getCustomParam("tenant")).isEqualTo("t1");
        assertThat(parsed.getHeader().getType().getType()).isEqualTo("at+jwt");
        assertThat(parsed.getHeader().getKeyID()).isEqualTo("key-123");
    }

    @Test
    void signsWithTheRightKeyAfterTheSecretRotates() {
        KeyPair next = TestKeys.rsa(2048);
        sign(input());
        Map<String, Object> rotated = input();
        rotated.put("privateKey", TestKeys.pkcs8Pem(next));

        SignedJwt jwt = sign(rotated);

        IndependentVerifier.verify(jwt.token(), next.getPublic());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> IndependentVerifier.verify(jwt.token(), KEYS.getPublic()))
                .hasMessageContaining("does not verify");
    }

    @Test
    void signsWithoutACache() {
        JwtRequestReader uncached =
                new JwtRequestReader(
                        new SigningPolicy(
                                SigningPolicy.DEFAULT_MAX_TTL, SigningAlgorithm.RS256, 0));

        verified(signer.sign(uncached.read(input())));
        verified(signer.sign(uncached.read(input())));
    }

    @Test
    void neverPrintsTheTokenOrTheKey() {
        JwtRequest request = reader.read(input());
        SignedJwt jwt = signer.sign(request);

        assertThat(jwt.toString()).doesNotContain(jwt.token()).contains("key-123");
        assertThat(request.toString()).doesNotContain(TestKeys.body(PEM).substring(0, 24));
    }

    private static String payloadJson(SignedJwt jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.token().split("\\.")[1]));
    }
}
