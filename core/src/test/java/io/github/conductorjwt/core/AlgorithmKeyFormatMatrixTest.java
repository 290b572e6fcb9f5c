package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every algorithm with every key format it takes: signed through the task's input contract,
 * verified without JJWT, with each signing provider. docs/task-reference.md's table lists exactly
 * these cells.
 */
class AlgorithmKeyFormatMatrixTest {

    private static final String PASSWORD = "correct horse battery staple";

    private static final KeyPair RSA = TestKeys.RSA_2048;
    private static final KeyPair RSA_PSS = TestKeys.generate("RSASSA-PSS", 2048, null);
    private static final KeyPair P256 = TestKeys.ec("secp256r1");
    private static final KeyPair P384 = TestKeys.ec("secp384r1");
    private static final KeyPair P521 = TestKeys.ec("secp521r1");
    private static final KeyPair ED25519 = TestKeys.generate("Ed25519", 0, null);
    private static final KeyPair ED448 = TestKeys.generate("Ed448", 0, null);

    private static final JwtSigner SIGNER = new JwtSigner();

    /** Each provider with its own reader, as an application configured for it has. */
    private static final Map<String, JwtRequestReader> READERS =
            Map.of(
                    "jdk",
                    new JwtRequestReader(
                            SigningPolicy.defaults(),
                            SigningProvider.choose(SigningProvider.Choice.JDK)),
                    "accp",
                    new JwtRequestReader(
                            SigningPolicy.defaults(),
                            SigningProvider.choose(SigningProvider.Choice.ACCP)));

    /** One cell: an algorithm, a key format, the key text and what verifies its tokens. */
    record Cell(
            SigningAlgorithm algorithm,
            String format,
            String keyText,
            String password,
            Object verificationKey,
            String expectedKid,
            String expectedIssuer) {
        @Override
        public String toString() {
            return algorithm + " with " + format;
        }

        /** What ACCP has no native form for: RSASSA-PSS-only keys and Ed448. */
        boolean jdkOnly() {
            return format.contains("RSASSA-PSS") || format.contains("Ed448");
        }
    }

    /** Every cell with every provider. */
    static Stream<Arguments> cellsByProvider() {
        return Stream.of("jdk", "accp")
                .flatMap(provider -> cells().stream().map(cell -> Arguments.of(provider, cell)));
    }

    static List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            switch (algorithm.family()) {
                case RSA -> {
                    asymmetric(cells, algorithm, RSA, "RSA 2048");
                    cells.add(cell(algorithm, "PKCS#1 PEM", TestKeys.pkcs1Pem(RSA), RSA));
                    cells.add(serviceAccount(algorithm, RSA));
                    if (algorithm.name().startsWith("PS")) {
                        cells.add(
                                cell(
                                        algorithm,
                                        "PKCS#8 PEM of an RSASSA-PSS key",
                                        TestKeys.pkcs8Pem(RSA_PSS),
                                        RSA_PSS));
                    }
                }
                case EC -> {
                    KeyPair pair =
                            switch (algorithm) {
                                case ES256 -> P256;
                                case ES384 -> P384;
                                default -> P521;
                            };
                    asymmetric(cells, algorithm, pair, "EC");
                    cells.add(cell(algorithm, "SEC1 PEM", TestKeys.sec1Pem(pair), pair));
                }
                case EDDSA -> {
                    asymmetric(cells, algorithm, ED25519, "Ed25519");
                    asymmetric(cells, algorithm, ED448, "Ed448");
                }
                case HMAC -> {
                    int bytes = algorithm.minKeyBitLength() / 8;
                    String text = "s".repeat(bytes);
                    cells.add(
                            new Cell(
                                    algorithm,
                                    "UTF-8 secret",
                                    text,
                                    null,
                                    TestKeys.utf8(text),
                                    null,
                                    null));
                    String b64 = TestKeys.base64Secret(bytes);
                    cells.add(
                            new Cell(
                                    algorithm,
                                    "base64: secret",
                                    b64,
                                    null,
                                    Base64.getDecoder().decode(b64.substring("base64:".length())),
                                    null,
                                    null));
                    byte[] raw = TestKeys.utf8("j".repeat(bytes));
                    cells.add(
                            new Cell(
                                    algorithm,
                                    "JWK (oct)",
                                    TestKeys.secretJwk(raw),
                                    null,
                                    raw,
                                    null,
                                    null));
                }
            }
        }
        return cells;
    }

    /** The formats every asymmetric key takes. */
    private static void asymmetric(
            List<Cell> cells, SigningAlgorithm algorithm, KeyPair pair, String label) {
        String pkcs8 = TestKeys.pkcs8Pem(pair);
        cells.add(cell(algorithm, "PKCS#8 PEM (" + label + ")", pkcs8, pair));
        cells.add(
                cell(
                        algorithm,
                        "PKCS#8 PEM with \\n escapes (" + label + ")",
                        pkcs8.replace("\n", "\\n"),
                        pair));
        cells.add(
                cell(
                        algorithm,
                        "PKCS#8 PEM without line breaks (" + label + ")",
                        pkcs8.replace("\n", ""),
                        pair));
        cells.add(
                new Cell(
                        algorithm,
                        "encrypted PKCS#8 PEM (" + label + ")",
                        TestKeys.encryptedPkcs8Pem(pair, PASSWORD),
                        PASSWORD,
                        pair.getPublic(),
                        null,
                        null));
        cells.add(
                new Cell(
                        algorithm,
                        "JWK (" + label + ")",
                        TestKeys.privateJwk(pair, "jwk-kid"),
                        null,
                        pair.getPublic(),
                        "jwk-kid",
                        null));
    }

    private static Cell cell(SigningAlgorithm algorithm, String format, String text, KeyPair pair) {
        return new Cell(algorithm, format, text, null, pair.getPublic(), null, null);
    }

    private static Cell serviceAccount(SigningAlgorithm algorithm, KeyPair pair) {
        String email = "svc@demo.iam.gserviceaccount.com";
        return new Cell(
                algorithm,
                "Google service-account JSON",
                TestKeys.serviceAccountJson(pair, "sa-key-id", email),
                null,
                pair.getPublic(),
                "sa-key-id",
                email);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cellsByProvider")
    void signsAndAnIndependentVerifierAccepts(String provider, Cell cell) throws Exception {
        Map<String, Object> input = new HashMap<>();
        input.put("privateKey", cell.keyText());
        if (cell.password() != null) {
            input.put("privateKeyPassword", cell.password());
        }
        input.put("algorithm", cell.algorithm().name());
        input.put("audience", "https://api.example.com");
        input.put("ttlInSecond", 300);
        if (cell.expectedIssuer() == null) {
            input.put("issuer", "iss");
            input.put("subject", "sub");
        }

        JwtRequest request = READERS.get(provider).read(input);
        SignedJwt jwt = SIGNER.sign(request);

        String signedBy =
                request.key().provider() == null ? "jdk" : request.key().provider().getName();
        assertThat(signedBy)
                .isEqualTo(
                        provider.equals("jdk") || cell.jdkOnly()
                                ? "jdk"
                                : "AmazonCorrettoCryptoProvider");

        SignedJWT verified = IndependentVerifier.verify(jwt.token(), cell.verificationKey());
        assertThat(verified.getHeader().getAlgorithm().getName())
                .isEqualTo(cell.algorithm().name());
        assertThat(verified.getHeader().getKeyID()).isEqualTo(cell.expectedKid());
        assertThat(verified.getJWTClaimsSet().getAudience())
                .containsExactly("https://api.example.com");
        if (cell.expectedIssuer() != null) {
            assertThat(verified.getJWTClaimsSet().getIssuer()).isEqualTo(cell.expectedIssuer());
            assertThat(verified.getJWTClaimsSet().getSubject()).isEqualTo(cell.expectedIssuer());
        }
    }
}
