package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAPrivateKeySpec;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Key text built to cost the server time or to slip past the key rules: each is refused, naming
 * {@code privateKey}, before the expensive step. The timeouts guard against a hang; they are not
 * speed claims.
 */
class HostileKeyTest {

    private final JwtRequestReader reader = new JwtRequestReader(SigningPolicy.defaults());

    private InvalidJwtInputException refusal(String algorithm, String key, String password) {
        return Refusals.of(reader, ExampleInputs.aroundKey(algorithm, key, password));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void refusesRepeatedUnterminatedPemLinesInOnePass() {
        String key = "-----BEGIN A-----\n".repeat(InputLimits.MAX_KEY_CHARS / 18);

        assertThat(refusal("RS256", key, null).getMessage())
                .isEqualTo("privateKey: has a PEM BEGIN line without its END line");
    }

    @Test
    void refusesKeyTextLongerThanAnyKeyFile() {
        String key = TestKeys.pkcs8Pem(TestKeys.RSA_2048) + " ".repeat(InputLimits.MAX_KEY_CHARS);

        assertThat(refusal("RS256", key, null).getMessage())
                .isEqualTo("privateKey: must be at most 16384 characters, was " + key.length());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void refusesAPbkdf2IterationCountAboveTheCeilingBeforeDerivingAnything() throws Exception {
        String key = encryptedWithIterations(Integer.MAX_VALUE);

        assertThat(refusal("RS256", key, "secret-password").getMessage())
                .isEqualTo(
                        "privateKey: is encrypted with a PBKDF2 iteration count outside 1..50000"
                                + " (OpenSSL writes 2048; re-encrypt with 'openssl pkcs8 -topk8 -iter 2048')");
    }

    @Test
    void refusesAnEmptyBase64Secret() {
        assertThat(refusal("HS256", "base64:", null).getMessage())
                .isEqualTo("privateKey: is an empty secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256k1", "brainpoolP256r1"})
    void refusesA256BitCurveThatIsNotP256(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        generator.initialize(new ECGenParameterSpec(curve));
        KeyPair pair = generator.generateKeyPair();

        InvalidJwtInputException refused =
                refusal("ES256", TestKeys.pem("PRIVATE KEY", pair.getPrivate().getEncoded()), null);

        assertThat(refused.violations())
                .extracting(InvalidJwtInputException.Violation::field)
                .containsExactly("privateKey");
    }

    @Test
    void refusesAnRsaKeyLargerThan8192Bits() throws Exception {
        // A non-CRT key is accepted by the JDK without checks: no 16k-bit key generation needed.
        SecureRandom random = new SecureRandom();
        BigInteger modulus = new BigInteger(9000, random).setBit(8999).setBit(0);
        BigInteger exponent = new BigInteger(8990, random);
        byte[] pkcs8 =
                KeyFactory.getInstance("RSA")
                        .generatePrivate(new RSAPrivateKeySpec(modulus, exponent))
                        .getEncoded();

        assertThat(refusal("RS256", TestKeys.pem("PRIVATE KEY", pkcs8), null).getMessage())
                .isEqualTo("privateKey: RSA key is 9000 bits; at most 8192");
    }

    /** An encrypted PKCS#8 key whose parameters ask for {@code iterations}; the data is noise. */
    private static String encryptedWithIterations(int iterations) throws Exception {
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        byte[] data = new byte[1232];
        new SecureRandom().nextBytes(data);
        PBES2Parameters pbes2 =
                new PBES2Parameters(
                        new KeyDerivationFunc(
                                PKCSObjectIdentifiers.id_PBKDF2,
                                new PBKDF2Params(
                                        salt,
                                        iterations,
                                        new AlgorithmIdentifier(
                                                PKCSObjectIdentifiers.id_hmacWithSHA256,
                                                DERNull.INSTANCE))),
                        new EncryptionScheme(
                                NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(iv)));
        byte[] der =
                new EncryptedPrivateKeyInfo(
                                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, pbes2),
                                data)
                        .getEncoded();
        return TestKeys.pem("ENCRYPTED PRIVATE KEY", der);
    }

    /**
     * Found by fuzzing: JJWT parses these JWKs, and signing with them failed inside JJWT; the
     * reader now refuses them, as their public members are no longer those of their private key.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ES512:d:ff", "RS256:qi:00"})
    void refusesAJwkWhoseNumbersNoKeyCanHave(String spec) throws Exception {
        String[] parts = spec.split(":");
        KeyPair pair = parts[0].equals("ES512") ? TestKeys.ec("secp521r1") : TestKeys.RSA_2048;
        Map<String, Object> jwk =
                new java.util.LinkedHashMap<>(
                        new com.fasterxml.jackson.databind.ObjectMapper()
                                .readValue(TestKeys.privateJwk(pair, "k1"), Map.class));
        byte[] value = new byte[parts[1].equals("d") ? 66 : 1];
        java.util.Arrays.fill(value, (byte) Integer.parseInt(parts[2], 16));
        jwk.put(parts[1], java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(value));
        String text = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(jwk);

        assertThat(Refusals.of(reader, ExampleInputs.aroundKey(parts[0], text, null)).getMessage())
                .isEqualTo(
                        "privateKey: is a JWK whose public members do not match its private key");
    }
}
