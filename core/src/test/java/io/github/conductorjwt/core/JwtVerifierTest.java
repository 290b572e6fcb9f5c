package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * VERIFY_JWT's verdicts on tokens made by an independent signer (Nimbus, the JDK for EdDSA): every
 * algorithm we sign verifies, and every way a token is wrong ends with its stable code.
 */
class JwtVerifierTest {

    static final KeyPair RSA = TestKeys.RSA_2048;
    static final KeyPair OTHER_RSA = TestKeys.rsa(2048);
    static final KeyPair P256 = TestKeys.ec("secp256r1");
    static final KeyPair P384 = TestKeys.ec("secp384r1");
    static final KeyPair P521 = TestKeys.ec("secp521r1");
    static final KeyPair ED25519 = TestKeys.generate("Ed25519", 0, null);
    static final byte[] SECRET =
            Base64.getDecoder().decode(TestKeys.base64Secret(64).substring("base64:".length()));

    private final VerifyRequestReader reader = new VerifyRequestReader(100);
    private final JwtVerifier verifier = new JwtVerifier();

    static KeyPair pairFor(SigningAlgorithm algorithm) {
        return switch (algorithm) {
            case ES256 -> P256;
            case ES384 -> P384;
            case ES512 -> P521;
            case EdDSA -> ED25519;
            default -> RSA;
        };
    }

    static String publicPem(KeyPair pair) {
        return TestKeys.pem("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    /** The input verifying {@code token} with the key that fits {@code algorithm}. */
    static Map<String, Object> input(SigningAlgorithm algorithm, String token) {
        Map<String, Object> input = new HashMap<>();
        input.put("token", token);
        if (algorithm.family() == SigningAlgorithm.KeyFamily.HMAC) {
            input.put("secretKey", "base64:" + Base64.getEncoder().encodeToString(SECRET));
        } else {
            input.put("publicKey", publicPem(pairFor(algorithm)));
        }
        return input;
    }

    static Object signingKey(SigningAlgorithm algorithm) {
        return algorithm.family() == SigningAlgorithm.KeyFamily.HMAC
                ? SECRET
                : pairFor(algorithm).getPrivate();
    }

    private Verification verify(Map<String, Object> input) {
        return verifier.verify(reader.read(input));
    }

    private Verification verifyRs256(Map<String, ?> extraClaims, Map<String, Object> extraInput) {
        String token = IndependentSigner.token("RS256", RSA.getPrivate(), null, extraClaims);
        Map<String, Object> input = input(SigningAlgorithm.RS256, token);
        input.putAll(extraInput);
        return verify(input);
    }

    private static void assertInvalid(
            Verification verification, VerifyErrorCode code, String token) {
        assertThat(verification.error()).isEqualTo(code);
        assertThat(verification.valid()).isFalse();
        assertThat(verification.claims()).isNull();
        assertThat(verification.header()).isNull();
        if (token != null) {
            for (String part : token.split("\\.")) {
                if (part.length() > 8) {
                    assertThat(verification.reason()).doesNotContain(part);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void aTokenOfEveryAlgorithmWeSignVerifies(SigningAlgorithm algorithm) {
        String token =
                IndependentSigner.token(
                        algorithm.name(), signingKey(algorithm), "k1", Map.of("role", "admin"));

        Verification verification = verify(input(algorithm, token));

        assertThat(verification.error()).isNull();
        assertThat(verification.algorithm()).isEqualTo(algorithm);
        assertThat(verification.keyId()).isEqualTo("k1");
        assertThat(verification.claims())
                .containsEntry("sub", "user-1")
                .containsEntry("role", "admin");
        assertThat(verification.header()).containsEntry("alg", algorithm.name());
        assertThat(verification.expiresAt()).isAfter(Instant.now());
    }

    @Test
    void aBearerPrefixIsAccepted() {
        String token = IndependentSigner.token("RS256", RSA.getPrivate(), null, Map.of());
        assertThat(verify(input(SigningAlgorithm.RS256, "Bearer " + token)).valid()).isTrue();
    }

    @Test
    void rsaKeysVerifyAsPkcs1PemCertificateAndJwk() {
        String token = IndependentSigner.token("RS256", RSA.getPrivate(), null, Map.of());
        for (String key :
                List.of(
                        TestKeys.pem(
                                "RSA PUBLIC KEY",
                                org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
                                                RSA.getPublic().getEncoded())
                                        .getPublicKeyData()
                                        .getBytes()),
                        IndependentSigner.certificatePem(RSA),
                        publicJwk(RSA, "k1", null))) {
            Map<String, Object> input = new HashMap<>(Map.of("token", token, "publicKey", key));
            assertThat(verify(input).valid()).as(key.substring(0, 20)).isTrue();
        }
    }

    static String publicJwk(KeyPair pair, String kid, String alg) {
        var builder = io.jsonwebtoken.security.Jwks.builder().key(pair.getPublic()).id(kid);
        if (alg != null) {
            builder.algorithm(alg);
        }
        return io.jsonwebtoken.security.Jwks.json(builder.build());
    }

    static String jwkSet(String... jwks) {
        return "{\"keys\":[" + String.join(",", jwks) + "]}";
    }

    @Test
    void aJwkSetPicksTheKeyByKid() {
        String set =
                jwkSet(
                        publicJwk(OTHER_RSA, "old", null),
                        publicJwk(RSA, "new", null),
                        publicJwk(P256, "ec", null));
        String token = IndependentSigner.token("RS256", RSA.getPrivate(), "new", Map.of());

        Verification verification = verify(new HashMap<>(Map.of("token", token, "publicKey", set)));

        assertThat(verification.valid()).isTrue();
        assertThat(verification.keyId()).isEqualTo("new");
    }

    @Test
    void anUnknownKidIsKeyNotFound() {
        String set = jwkSet(publicJwk(OTHER_RSA, "old", null), publicJwk(RSA, "new", null));
        String token = IndependentSigner.token("RS256", RSA.getPrivate(), "newer", Map.of());
        assertInvalid(
                verify(new HashMap<>(Map.of("token", token, "publicKey", set))),
                VerifyErrorCode.KEY_NOT_FOUND,
                token);
        // Without a kid, two RSA keys fit: which one is not guessed.
        String noKid = IndependentSigner.token("RS256", RSA.getPrivate(), null, Map.of());
        assertInvalid(
                verify(new HashMap<>(Map.of("token", noKid, "publicKey", set))),
                VerifyErrorCode.KEY_NOT_FOUND,
                noKid);
    }

    @Test
    void aTokenSignedByAnotherKeyIsSignatureInvalid() {
        String token = IndependentSigner.token("RS256", OTHER_RSA.getPrivate(), null, Map.of());
        assertInvalid(
                verify(input(SigningAlgorithm.RS256, token)),
                VerifyErrorCode.SIGNATURE_INVALID,
                token);
        String hs =
                IndependentSigner.token(
                        "HS256",
                        "another secret of at least thirty-two bytes"
                                .getBytes(StandardCharsets.UTF_8),
                        null,
                        Map.of());
        assertInvalid(
                verify(input(SigningAlgorithm.HS256, hs)), VerifyErrorCode.SIGNATURE_INVALID, hs);
    }

    @Test
    void aTamperedClaimIsSignatureInvalid() {
        String token =
                IndependentSigner.token("ES256", P256.getPrivate(), null, Map.of("role", "user"));
        String[] parts = token.split("\\.");
        Map<String, Object> claims = IndependentSigner.claims(Map.of("role", "admin"));
        String forged =
                parts[0]
                        + "."
                        + IndependentSigner.b64(IndependentSigner.json(claims))
                        + "."
                        + parts[2];
        assertInvalid(
                verify(input(SigningAlgorithm.ES256, forged)),
                VerifyErrorCode.SIGNATURE_INVALID,
                forged);
    }

    /** CVE-2024-37568 and its kin: HS256 "signed" with the RSA public key PEM as the secret. */
    @Test
    void algorithmConfusionIsRefused() {
        String pem = publicPem(RSA);
        String token =
                IndependentSigner.token(
                        "HS256",
                        pem.getBytes(StandardCharsets.UTF_8),
                        null,
                        Map.of("role", "admin"));

        assertInvalid(
                verify(input(SigningAlgorithm.RS256, token)),
                VerifyErrorCode.ALGORITHM_NOT_ALLOWED,
                token);

        // Whatever algorithms says: HS256 does not fit an RSA key, so it is never accepted.
        Map<String, Object> input = input(SigningAlgorithm.RS256, token);
        input.put("algorithms", List.of("RS256", "HS256"));
        assertInvalid(verify(input), VerifyErrorCode.ALGORITHM_NOT_ALLOWED, token);
        // And a secret never verifies RS256.
        String rs = IndependentSigner.token("RS256", RSA.getPrivate(), null, Map.of());
        assertInvalid(
                verify(input(SigningAlgorithm.HS256, rs)),
                VerifyErrorCode.ALGORITHM_NOT_ALLOWED,
                rs);
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String header = IndependentSigner.b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String claims =
                IndependentSigner.b64(IndependentSigner.json(IndependentSigner.claims(Map.of())));
        for (String token : List.of(header + "." + claims + ".", header + "." + claims + ".c2ln")) {
            assertInvalid(
                    verify(input(SigningAlgorithm.RS256, token)),
                    VerifyErrorCode.ALGORITHM_NOT_ALLOWED,
                    token);
        }
        String noAlg = IndependentSigner.b64("{\"typ\":\"JWT\"}") + "." + claims + ".c2ln";
        assertInvalid(
                verify(input(SigningAlgorithm.RS256, noAlg)),
                VerifyErrorCode.ALGORITHM_NOT_ALLOWED,
                noAlg);
    }

    @Test
    void anAlgorithmOutsideTheListIsRefused() {
        String token = IndependentSigner.token("PS256", RSA.getPrivate(), null, Map.of());
        Map<String, Object> input = input(SigningAlgorithm.PS256, token);
        input.put("algorithms", "RS256");
        assertInvalid(verify(input), VerifyErrorCode.ALGORITHM_NOT_ALLOWED, token);
        // JWA names are case-sensitive.
        String lower =
                IndependentSigner.sign(
                        "{\"alg\":\"rs256\"}",
                        IndependentSigner.json(IndependentSigner.claims(Map.of())),
                        "RS256",
                        RSA.getPrivate());
        assertInvalid(
                verify(input(SigningAlgorithm.RS256, lower)),
                VerifyErrorCode.ALGORITHM_NOT_ALLOWED,
                lower);
    }

    @Test
    void aJwkAlgPinsTheAlgorithm() {
        String token = IndependentSigner.token("RS512", RSA.getPrivate(), "k1", Map.of());
        Map<String, Object> input =
                new HashMap<>(Map.of("token", token, "publicKey", publicJwk(RSA, "k1", "RS256")));
        assertInvalid(verify(input), VerifyErrorCode.ALGORITHM_NOT_ALLOWED, token);
    }

    @Test
    void anEcKeyVerifiesItsCurveOnly() {
        String token = IndependentSigner.token("ES256", P256.getPrivate(), null, Map.of());
        Map<String, Object> input = input(SigningAlgorithm.ES384, token);
        assertInvalid(verify(input), VerifyErrorCode.ALGORITHM_NOT_ALLOWED, token);
    }

    @Test
    void aCriticalHeaderIsRefused() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("crit", List.of("exp"));
        header.put("exp", 1);
        String token =
                IndependentSigner.sign(
                        header, IndependentSigner.claims(Map.of()), RSA.getPrivate());
        assertInvalid(
                verify(input(SigningAlgorithm.RS256, token)),
                VerifyErrorCode.UNSUPPORTED_CRITICAL_HEADER,
                token);
    }

    @Test
    void anExpiredTokenIsExpiredBeyondTheSkewOnly() {
        long now = Instant.now().getEpochSecond();
        assertInvalid(
                verifyRs256(Map.of("iat", now - 900, "exp", now - 61), Map.of()),
                VerifyErrorCode.EXPIRED,
                null);
        assertThat(verifyRs256(Map.of("iat", now - 900, "exp", now - 30), Map.of()).valid())
                .isTrue();
        assertInvalid(
                verifyRs256(
                        Map.of("iat", now - 900, "exp", now - 30), Map.of("clockSkewSeconds", 0)),
                VerifyErrorCode.EXPIRED,
                null);
    }

    @Test
    void aTokenFromTheFutureIsNotYetValid() {
        long now = Instant.now().getEpochSecond();
        assertInvalid(
                verifyRs256(Map.of("nbf", now + 300), Map.of()),
                VerifyErrorCode.NOT_YET_VALID,
                null);
        assertInvalid(
                verifyRs256(Map.of("iat", now + 300, "exp", now + 900), Map.of()),
                VerifyErrorCode.NOT_YET_VALID,
                null);
        assertThat(verifyRs256(Map.of("nbf", now + 30), Map.of()).valid()).isTrue();
    }

    @Test
    void aLifetimeOverTheMaximumIsRefused() {
        long now = Instant.now().getEpochSecond();
        assertInvalid(
                verifyRs256(Map.of("exp", now + 7200), Map.of("maxLifetimeSeconds", 3600)),
                VerifyErrorCode.LIFETIME_TOO_LONG,
                null);
        assertThat(verifyRs256(Map.of(), Map.of("maxLifetimeSeconds", 3600)).valid()).isTrue();
        String noIat =
                IndependentSigner.sign(
                        Map.of("alg", "RS256"), Map.of("exp", now + 60), RSA.getPrivate());
        Map<String, Object> input = input(SigningAlgorithm.RS256, noIat);
        input.put("maxLifetimeSeconds", 3600);
        assertInvalid(verify(input), VerifyErrorCode.LIFETIME_TOO_LONG, noIat);
    }

    @Test
    void issuerSubjectAudienceAndClaimsMustMatch() {
        assertInvalid(
                verifyRs256(Map.of(), Map.of("issuer", "https://other.example")),
                VerifyErrorCode.ISSUER_MISMATCH,
                null);
        assertInvalid(
                verifyRs256(Map.of(), Map.of("subject", "user-2")),
                VerifyErrorCode.SUBJECT_MISMATCH,
                null);
        assertInvalid(
                verifyRs256(Map.of(), Map.of("audience", List.of("a", "b"))),
                VerifyErrorCode.AUDIENCE_MISMATCH,
                null);
        assertInvalid(
                verifyRs256(Map.of(), Map.of("claims", Map.of("role", "admin"))),
                VerifyErrorCode.CLAIM_MISMATCH,
                null);
        assertInvalid(
                verifyRs256(Map.of("role", "user"), Map.of("claims", Map.of("role", "admin"))),
                VerifyErrorCode.CLAIM_MISMATCH,
                null);

        Verification matching =
                verifyRs256(
                        Map.of(
                                "aud",
                                List.of("x", "https://api.example"),
                                "level",
                                3,
                                "org",
                                Map.of("id", 7)),
                        Map.of(
                                "issuer",
                                "https://issuer.example",
                                "subject",
                                "user-1",
                                "audience",
                                List.of("https://api.example", "y"),
                                "claims",
                                Map.of("level", 3.0, "org", Map.of("id", 7L))));
        assertThat(matching.valid()).isTrue();
    }

    @Test
    void malformedTokensAreMalformed() {
        String valid = IndependentSigner.token("RS256", RSA.getPrivate(), null, Map.of());
        String[] parts = valid.split("\\.");
        String deep = "[".repeat(40) + "]".repeat(40);
        List<String> tokens =
                List.of(
                        "",
                        "not a token",
                        parts[0] + "." + parts[1],
                        valid + ".extra",
                        "a" + parts[0].substring(1) + "=." + parts[1] + "." + parts[2],
                        "x." + parts[1] + "." + parts[2], // one base64 character: no byte
                        IndependentSigner.b64("[1]") + "." + parts[1] + "." + parts[2],
                        parts[0]
                                + "."
                                + IndependentSigner.b64("{\"a\":" + deep + "}")
                                + "."
                                + parts[2],
                        IndependentSigner.b64("{\"alg\":\"RS256\",\"alg\":\"HS256\"}")
                                + "."
                                + parts[1]
                                + "."
                                + parts[2],
                        parts[0] + "." + IndependentSigner.b64("not json") + "." + parts[2],
                        valid + "é");
        for (String token : tokens) {
            Map<String, Object> input = input(SigningAlgorithm.RS256, token);
            assertInvalid(verify(input), VerifyErrorCode.MALFORMED, token);
        }
        Map<String, Object> absent = input(SigningAlgorithm.RS256, null);
        assertInvalid(verify(absent), VerifyErrorCode.MALFORMED, null);
        absent.put("token", 42);
        assertInvalid(verify(absent), VerifyErrorCode.MALFORMED, null);
    }

    @Test
    void aClaimOfTheWrongTypeIsMalformedOnceSigned() {
        String token =
                IndependentSigner.sign(
                        Map.of("alg", "RS256"),
                        Map.of("sub", "u", "exp", "tomorrow"),
                        RSA.getPrivate());
        assertInvalid(
                verify(input(SigningAlgorithm.RS256, token)), VerifyErrorCode.MALFORMED, token);
    }

    @Test
    void aMegabyteTokenIsRefusedUnread() {
        String huge = "a".repeat(1 << 20);
        Verification verification = verify(input(SigningAlgorithm.RS256, huge));
        assertInvalid(verification, VerifyErrorCode.MALFORMED, null);
        assertThat(verification.reason()).isEqualTo("the token is longer than 16384 characters");
    }
}
