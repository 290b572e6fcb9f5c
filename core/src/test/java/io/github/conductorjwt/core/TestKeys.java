package io.github.conductorjwt.core;

import io.jsonwebtoken.security.Jwks;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** Keys generated per test run, in every format users bring: no key material is committed. */
public final class TestKeys {

    public static final KeyPair RSA_2048 = rsa(2048);

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {}

    public static KeyPair rsa(int bits) {
        return generate("RSA", bits, null);
    }

    public static KeyPair ec(String curve) {
        return generate("EC", 0, curve);
    }

    public static KeyPair generate(String algorithm, int bits, String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve));
            } else if (bits > 0) {
                generator.initialize(bits);
            }
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 PEM with 64-character lines, as openssl writes it. */
    public static String pkcs8Pem(KeyPair pair) {
        return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    /** PKCS#1 (BEGIN RSA PRIVATE KEY), as older openssl writes RSA keys. */
    public static String pkcs1Pem(KeyPair rsa) {
        return pem("RSA PRIVATE KEY", innerKey(rsa));
    }

    /** SEC1 (BEGIN EC PRIVATE KEY) naming its curve, as 'openssl ecparam -genkey' writes it. */
    public static String sec1Pem(KeyPair ec) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(ec.getPrivate().getEncoded());
            ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
            BigInteger s = ((java.security.interfaces.ECPrivateKey) ec.getPrivate()).getS();
            int orderBits =
                    ((java.security.interfaces.ECKey) ec.getPrivate())
                            .getParams()
                            .getOrder()
                            .bitLength();
            return pem("EC PRIVATE KEY", new ECPrivateKey(orderBits, s, curve).getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Encrypted PKCS#8 (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC, 10,000 rounds), as 'openssl genpkey
     * -aes-256-cbc' writes it.
     */
    public static String encryptedPkcs8Pem(KeyPair pair, String password) {
        return encryptedPkcs8Pem(pair, password, "PBEWithHmacSHA256AndAES_256", 10_000);
    }

    /**
     * Encrypted PKCS#8 under the JDK's PBES2 {@code scheme} (e.g. "PBEWithHmacSHA512AndAES_256")
     * with {@code iterations} rounds of PBKDF2: the one encrypted-key writer of the tests.
     */
    public static String encryptedPkcs8Pem(
            KeyPair pair, String password, String scheme, int iterations) {
        try {
            byte[] salt = new byte[16];
            byte[] iv = new byte[16];
            RANDOM.nextBytes(salt);
            RANDOM.nextBytes(iv);
            SecretKey key =
                    SecretKeyFactory.getInstance(scheme)
                            .generateSecret(new PBEKeySpec(password.toCharArray()));
            Cipher cipher = Cipher.getInstance(scheme);
            cipher.init(
                    Cipher.ENCRYPT_MODE,
                    key,
                    new PBEParameterSpec(salt, iterations, new IvParameterSpec(iv)));
            byte[] encrypted = cipher.doFinal(pair.getPrivate().getEncoded());
            AlgorithmIdentifier pbes2 =
                    new AlgorithmIdentifier(
                            PKCSObjectIdentifiers.id_PBES2,
                            ASN1Primitive.fromByteArray(cipher.getParameters().getEncoded()));
            return pem(
                    "ENCRYPTED PRIVATE KEY",
                    new EncryptedPrivateKeyInfo(pbes2, encrypted).getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A private JWK with a kid. */
    public static String privateJwk(KeyPair pair, String kid) {
        // Jwks.json refuses private JWKs; JJWT's Jackson serializer writes their secret members.
        java.io.ByteArrayOutputStream json = new java.io.ByteArrayOutputStream();
        new io.jsonwebtoken.jackson.io.JacksonSerializer<Map<String, ?>>()
                .serialize(
                        Jwks.builder()
                                .key((java.security.PrivateKey) pair.getPrivate())
                                .publicKey(pair.getPublic())
                                .id(kid)
                                .build(),
                        json);
        return json.toString(StandardCharsets.UTF_8);
    }

    /** A Google service-account key file around a PKCS#8 PEM. */
    public static String serviceAccountJson(KeyPair pair, String keyId, String email) {
        String pem = pkcs8Pem(pair).replace("\n", "\\n");
        return "{\"type\":\"service_account\",\"project_id\":\"demo\",\"private_key_id\":\""
                + keyId
                + "\",\"private_key\":\""
                + pem
                + "\",\"client_email\":\""
                + email
                + "\",\"client_id\":\"1\",\"token_uri\":\"https://oauth2.googleapis.com/token\"}";
    }

    /** An HMAC secret of {@code bytes} random bytes, as {@code base64:...}. */
    public static String base64Secret(int bytes) {
        byte[] secret = new byte[bytes];
        RANDOM.nextBytes(secret);
        return "base64:" + Base64.getEncoder().encodeToString(secret);
    }

    /** A symmetric (kty oct) JWK. */
    public static String secretJwk(byte[] secret) {
        return "{\"kty\":\"oct\",\"k\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(secret)
                + "\"}";
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** PEM armour around {@code der}, with 64-character lines: the one PEM writer of the tests. */
    public static String pem(String type, byte[] der) {
        return pem(new PemObject(type, der));
    }

    /** PEM with headers, e.g. OpenSSL's legacy 'Proc-Type' and 'DEK-Info'. */
    public static String pem(PemObject block) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(block);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** The base64 body of a PEM, the part that must never leak. */
    public static String body(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    private static byte[] innerKey(KeyPair pair) {
        try {
            return PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded())
                    .parsePrivateKey()
                    .toASN1Primitive()
                    .getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
