package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every key the task refuses, with the exact reason a user reads; never any of the key's text. */
class KeyRefusalTest {

    private static final KeyPair RSA = TestKeys.RSA_2048;
    private static final KeyPair P256 = TestKeys.ec("secp256r1");

    private final JwtRequestReader reader = new JwtRequestReader(SigningPolicy.defaults());

    private String reasonFor(String algorithm, String key, String password) {
        String reason =
                Refusals.of(reader, ExampleInputs.aroundKey(algorithm, key, password)).getMessage();
        assertThat(reason)
                .doesNotContain(
                        TestKeys.body(key).substring(0, Math.min(16, TestKeys.body(key).length())));
        if (password != null) {
            assertThat(reason).doesNotContain(password);
        }
        return reason;
    }

    private String reasonFor(String algorithm, String key) {
        return reasonFor(algorithm, key, null);
    }

    @Test
    void refusesTextThatIsNoKey() {
        assertThat(reasonFor("RS256", "hunter2-not-a-key"))
                .isEqualTo(
                        "privateKey: not a PEM private key, JWK or service-account file (expected"
                                + " e.g. a -----BEGIN PRIVATE KEY----- block)");
    }

    @Test
    void refusesATruncatedKey() {
        byte[] der = RSA.getPrivate().getEncoded();
        assertThat(
                        reasonFor(
                                "RS256",
                                TestKeys.pem("PRIVATE KEY", Arrays.copyOf(der, der.length / 2))))
                .isEqualTo("privateKey: PEM body is not a PKCS#8 private key");
    }

    @Test
    void refusesPublicKeysAndCertificates() {
        assertThat(reasonFor("RS256", TestKeys.pem("PUBLIC KEY", RSA.getPublic().getEncoded())))
                .isEqualTo("privateKey: is a PUBLIC KEY, not a private key");
    }

    @Test
    void refusesAPublicJwk() {
        String jwk =
                io.jsonwebtoken.security.Jwks.json(
                        io.jsonwebtoken.security.Jwks.builder().key(RSA.getPublic()).build());
        assertThat(reasonFor("RS256", jwk))
                .isEqualTo("privateKey: is a public JWK; it has no private key");
    }

    @Test
    void refusesJsonThatIsNeitherJwkNorServiceAccount() {
        assertThat(reasonFor("RS256", "{\"hello\":\"world\"}"))
                .isEqualTo(
                        "privateKey: is a JSON object but neither a JWK nor a Google"
                                + " service-account key file");
    }

    @Test
    void refusesAnRsaKeyShorterThan2048Bits() {
        assertThat(reasonFor("RS256", TestKeys.pkcs8Pem(TestKeys.rsa(1024))))
                .isEqualTo("privateKey: RSA key is 1024 bits; RS256 needs at least 2048");
        assertThat(reasonFor("PS512", TestKeys.pkcs1Pem(TestKeys.rsa(1024))))
                .isEqualTo("privateKey: RSA key is 1024 bits; PS512 needs at least 2048");
    }

    @Test
    void refusesAnRsaKeyForEcdsa() {
        assertThat(reasonFor("ES256", TestKeys.pkcs8Pem(RSA)))
                .isEqualTo(
                        "privateKey: an RSA key cannot sign ES256 (needs an EC key on P-256); this"
                                + " 2048-bit RSA key signs RS256, RS384, RS512, PS256, PS384 or"
                                + " PS512");
    }

    @Test
    void refusesAnEcKeyOnTheWrongCurve() {
        assertThat(reasonFor("ES384", TestKeys.sec1Pem(P256)))
                .isEqualTo("privateKey: EC key is on P-256; ES384 needs P-384");
    }

    /** The rule says what the key does sign: the value to write in algorithm instead. */
    @Test
    void refusesAnEcKeyForRsaNamingWhatItSigns() {
        assertThat(reasonFor("RS256", TestKeys.pkcs8Pem(P256)))
                .isEqualTo(
                        "privateKey: an EC key cannot sign RS256 (needs an RSA key); this P-256 key"
                                + " signs ES256");
    }

    @Test
    void refusesAnEdDsaKeyForEcdsa() {
        assertThat(reasonFor("ES256", TestKeys.pkcs8Pem(TestKeys.generate("Ed25519", 0, null))))
                .isEqualTo(
                        "privateKey: an EdDSA key cannot sign ES256 (needs an EC key on P-256); this"
                                + " Ed25519 key signs EdDSA");
    }

    @Test
    void refusesAnRsassaPssKeyForRs256() {
        assertThat(
                        reasonFor(
                                "RS256",
                                TestKeys.pkcs8Pem(TestKeys.generate("RSASSA-PSS", 2048, null))))
                .isEqualTo(
                        "privateKey: an RSASSA-PSS key can sign PS256, PS384 or PS512 only, not RS256");
    }

    @Test
    void refusesAKeyPairForHmac() {
        assertThat(reasonFor("HS256", TestKeys.pkcs8Pem(RSA)))
                .isEqualTo("privateKey: is a PEM key; HS256 needs a shared secret, not a key pair");
        assertThat(reasonFor("HS256", TestKeys.privateJwk(RSA, "k")))
                .isEqualTo(
                        "privateKey: is a JWK of an asymmetric key; HS256 needs a shared secret");
    }

    @Test
    void refusesASharedSecretForAKeyPairAlgorithm() {
        assertThat(reasonFor("RS256", TestKeys.secretJwk(new byte[32])))
                .isEqualTo("privateKey: is a JWK of a shared secret; use an HS* algorithm with it");
    }

    @Test
    void refusesAnHmacSecretShorterThanTheHash() {
        assertThat(reasonFor("HS256", "too-short-secret"))
                .isEqualTo("privateKey: HMAC secret is 16 bytes; HS256 needs at least 32");
        assertThat(reasonFor("HS512", TestKeys.base64Secret(48)))
                .isEqualTo("privateKey: HMAC secret is 48 bytes; HS512 needs at least 64");
    }

    @Test
    void refusesBadBase64() {
        assertThat(reasonFor("HS256", "base64:***"))
                .isEqualTo("privateKey: has the 'base64:' prefix but the rest is not base64");
    }

    @Test
    void refusesAnEncryptedKeyWithoutItsPassword() {
        assertThat(reasonFor("RS256", TestKeys.encryptedPkcs8Pem(RSA, "pw-1")))
                .isEqualTo("privateKey: is encrypted; give its password in privateKeyPassword");
    }

    @Test
    void refusesAWrongPassword() {
        assertThat(reasonFor("RS256", TestKeys.encryptedPkcs8Pem(RSA, "pw-1"), "pw-2-wrong"))
                .isEqualTo("privateKeyPassword: does not decrypt privateKey");
    }

    @Test
    void refusesAPasswordForAnUnencryptedKey() {
        assertThat(reasonFor("RS256", TestKeys.pkcs8Pem(RSA), "pw-unused"))
                .isEqualTo(
                        "privateKeyPassword: given, but privateKey is not an encrypted PKCS#8 key");
    }

    @Test
    void refusesLegacyOpensslEncryptionWithAHowTo() {
        String legacy =
                "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        assertThat(reasonFor("RS256", legacy))
                .startsWith("privateKey: uses OpenSSL's legacy PEM encryption");
    }

    @Test
    void refusesOpenSshKeysWithAHowTo() {
        assertThat(reasonFor("EdDSA", TestKeys.pem("OPENSSH PRIVATE KEY", new byte[] {1, 2, 3})))
                .isEqualTo(
                        "privateKey: is in OpenSSH's format; convert it with 'ssh-keygen -p -m PKCS8'");
    }

    @Test
    void skipsEcParametersBeforeTheKey() {
        String withParams =
                TestKeys.pem("EC PARAMETERS", new byte[] {6, 8, 42, -122, 72, -50, 61, 3, 1, 7})
                        + TestKeys.sec1Pem(P256);
        IndependentVerifier.verify(
                new JwtSigner()
                        .sign(reader.read(ExampleInputs.aroundKey("ES256", withParams, null)))
                        .token(),
                P256.getPublic());
    }

    /**
     * A private JWK whose public members are another key's: signed with, its tokens would not
     * verify against the public key its owner publishes from it.
     */
    @ParameterizedTest(name = "{0} {1}, public members of another key")
    @CsvSource({
        "ES256, EC, secp256r1, 'x,y'",
        "ES384, EC, secp384r1, 'x,y'",
        "ES512, EC, secp521r1, 'x,y'",
        "EdDSA, Ed25519, , x",
        "EdDSA, Ed448, , x",
        "RS256, RSA, , n",
        "PS256, RSA, , 'n,e'",
    })
    void refusesAPrivateJwkWhosePublicMembersAreAnotherKeys(
            String algorithm, String keyType, String curve, String members) throws Exception {
        KeyPair key = keyType.equals("RSA") ? RSA : pair(keyType, curve);
        KeyPair other = pair(keyType, curve);
        ObjectNode jwk = (ObjectNode) JSON.readTree(TestKeys.privateJwk(key, "k"));
        ObjectNode others = (ObjectNode) JSON.readTree(TestKeys.privateJwk(other, "k"));
        for (String member : members.split(",")) {
            jwk.set(member, others.get(member));
        }
        if (members.contains("e")) {
            jwk.put("e", "Aw"); // 3: the other key shares 65537 with this one
        }
        assertThat(reasonFor(algorithm, jwk.toString()))
                .isEqualTo(
                        "privateKey: is a JWK whose public members do not match its private key");
    }

    /**
     * Found by fuzzing: JJWT trims member names, so this JWK's kid was erased by the member after.
     */
    @Test
    void refusesAJwkWithAMemberNamePaddedWithWhiteSpace() throws Exception {
        ObjectNode jwk = (ObjectNode) JSON.readTree(TestKeys.privateJwk(RSA, "k"));
        jwk.putNull("\fkid");
        assertThat(reasonFor("RS256", jwk.toString()))
                .isEqualTo(
                        "privateKey: is not a valid JWK (a member name starts or ends with white"
                                + " space)");
    }

    /** RFC 7518 lets an RSA private JWK carry d alone; its n must still be the key's own. */
    @Test
    void refusesAnRsaJwkWithoutCrtMembersWhoseModulusIsAnotherKeys() throws Exception {
        ObjectNode jwk = (ObjectNode) JSON.readTree(TestKeys.privateJwk(RSA, "k"));
        jwk.remove(List.of("p", "q", "dp", "dq", "qi"));
        ObjectNode other = (ObjectNode) JSON.readTree(TestKeys.privateJwk(OTHER_RSA, "k"));
        jwk.set("n", other.get("n"));
        assertThat(reasonFor("RS256", jwk.toString()))
                .isEqualTo(
                        "privateKey: is a JWK whose public members do not match its private key");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Another RSA key than {@link #RSA}, generated once: RSA keys are slow to generate. */
    private static final KeyPair OTHER_RSA = TestKeys.rsa(2048);

    private static KeyPair pair(String keyType, String curve) {
        return switch (keyType) {
            case "EC" -> TestKeys.ec(curve);
            case "RSA" -> OTHER_RSA;
            default -> TestKeys.generate(keyType, 0, null);
        };
    }
}
