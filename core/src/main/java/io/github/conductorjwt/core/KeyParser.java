package io.github.conductorjwt.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.jackson.io.JacksonDeserializer;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PrivateJwk;
import io.jsonwebtoken.security.PublicJwk;
import io.jsonwebtoken.security.SecretJwk;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * The one place that turns key text into a key, the format told by the content: PEM (PKCS#8, PKCS#1
 * RSA, SEC1 EC, encrypted PKCS#8), a JWK, a Google service-account JSON file, or for HS* a shared
 * secret. Messages name what was wrong, never any part of the text or the password.
 *
 * <p>Libraries do the parsing: BouncyCastle's bcprov for PEM armour and the PKCS#1/SEC1 ASN.1
 * structures (rewrapped as PKCS#8 for the JDK's key factories), the JDK for encrypted PKCS#8, JJWT
 * for JWKs and Jackson for JSON. bcprov is on every Conductor server already; bcpkix is not needed.
 */
final class KeyParser {

    /** The prefix that marks an HMAC secret given as base64 rather than as UTF-8 text. */
    static final String BASE64_PREFIX = "base64:";

    /**
     * RFC 8410's id-Ed25519 and id-Ed448. bcprov's constants for them are in its {@code
     * org.bouncycastle.internal} package, which it may move (it did, from {@code asn1.edec}) and
     * the plugin runs against whichever bcprov the server ships.
     */
    private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

    private static final ASN1ObjectIdentifier ID_ED448 = new ASN1ObjectIdentifier("1.3.101.113");

    /** PKCS#8 algorithm OIDs and the JCA key factory for each. */
    private static final Map<ASN1ObjectIdentifier, String> KEY_FACTORIES =
            Map.of(
                    PKCSObjectIdentifiers.rsaEncryption,
                    "RSA",
                    PKCSObjectIdentifiers.id_RSASSA_PSS,
                    "RSASSA-PSS",
                    X9ObjectIdentifiers.id_ecPublicKey,
                    "EC",
                    ID_ED25519,
                    "Ed25519",
                    ID_ED448,
                    "Ed448");

    // Messages, worded to follow the name of whatever held the key; none quotes the key.
    static final String JWK_NOT_SECRET_MSG =
            "is a JWK of an asymmetric key; %s needs a shared secret";
    static final String PEM_NOT_SECRET_MSG =
            "is a PEM key; %s needs a shared secret, not a key pair";
    static final String NOT_BASE64_MSG =
            "has the '" + BASE64_PREFIX + "' prefix but the rest is not base64";
    static final String INVALID_JWK_MSG = "is not a valid JWK (%s)";
    static final String JWK_PADDED_NAME_MSG =
            "is not a valid JWK (a member name starts or ends with white space)";
    static final String JWK_NOT_ONE_PAIR_MSG =
            "is a JWK whose public members do not match its private key";
    static final String LEGACY_PEM_MSG =
            "uses OpenSSL's legacy PEM encryption; convert it to encrypted PKCS#8 ('openssl pkcs8 -topk8') and give its password";
    static final String NOT_PRIVATE_MSG = "is a %s, not a private key";
    static final String INVALID_KEY_MSG = "PEM body is not a valid %s private key";
    static final String NO_KEY_MSG =
            "not a PEM private key, JWK or service-account file (expected e.g. a -----BEGIN PRIVATE KEY----- block)";

    private static final ObjectMapper JSON = new ObjectMapper();

    private KeyParser() {}

    /**
     * @param algorithm decides between a shared secret (HS*) and an asymmetric private key
     * @param password for an encrypted PKCS#8 key, or {@code null}
     */
    static SigningKey parse(ConfidentialText text, SigningAlgorithm algorithm, String password) {
        if (algorithm.family() == SigningAlgorithm.KeyFamily.HMAC) {
            refusePassword(password);
            return hmacSecret(text.reveal().strip(), algorithm);
        }
        return asymmetric(text.reveal().strip(), password);
    }

    /** Parses an asymmetric private key, whatever algorithm it is for. */
    static SigningKey asymmetric(String text, String password) {
        if (text.startsWith("{")) {
            refusePassword(password);
            return json(text);
        }
        return SigningKey.of(pem(text, password));
    }

    /** A shared secret; an oct JWK's kid and alg come with it, as an asymmetric JWK's do. */
    private static SigningKey hmacSecret(String text, SigningAlgorithm algorithm) {
        byte[] secret;
        ParsedJwk jwk = null;
        if (text.startsWith(BASE64_PREFIX)) {
            secret = base64(text.substring(BASE64_PREFIX.length()).strip());
        } else if (text.startsWith("{")) {
            jwk = jwk(text);
            if (!(jwk.key instanceof SecretKey)) {
                throw invalid(JWK_NOT_SECRET_MSG.formatted(algorithm));
            }
            secret = jwk.key.getEncoded();
        } else if (text.contains("-----BEGIN ")) {
            throw invalid(PEM_NOT_SECRET_MSG.formatted(algorithm));
        } else {
            secret = text.getBytes(StandardCharsets.UTF_8);
        }
        if (secret.length == 0) {
            throw invalid("is an empty secret");
        }
        Key key = new SecretKeySpec(secret, algorithm.macJcaName());
        return jwk == null
                ? SigningKey.of(key)
                : new SigningKey(key, jwk.keyId, null, jwk.algorithm);
    }

    static byte[] base64(String encoded) {
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException notStandard) {
            try {
                return Base64.getUrlDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw invalid(NOT_BASE64_MSG);
            }
        }
    }

    private static SigningKey json(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid("starts with '{' but is not valid JSON");
        }
        if (node.hasNonNull("private_key")) {
            // A Google service-account key file.
            PrivateKey key = pem(node.path("private_key").asText(), null);
            return new SigningKey(
                    key, text(node, "private_key_id"), text(node, "client_email"), null);
        }
        if (node.hasNonNull("kty")) {
            ParsedJwk jwk = jwk(text);
            if (!(jwk.key instanceof PrivateKey)) {
                throw invalid("is a JWK of a shared secret; use an HS* algorithm with it");
            }
            return new SigningKey(jwk.key, jwk.keyId, null, jwk.algorithm);
        }
        throw invalid("is a JSON object but neither a JWK nor a Google service-account key file");
    }

    private record ParsedJwk(Key key, String keyId, String algorithm) {}

    private static ParsedJwk jwk(String text) {
        refusePaddedMemberNames(text);
        Jwk<?> jwk;
        try {
            jwk = Jwks.parser().json(new JacksonDeserializer<>()).build().parse(text);
        } catch (RuntimeException e) {
            // JJWT's messages may quote members of the JWK: report the kind of failure only.
            throw invalid(INVALID_JWK_MSG.formatted(e.getClass().getSimpleName()));
        }
        if (jwk instanceof PublicJwk<?>) {
            throw invalid("is a public JWK; it has no private key");
        }
        if (!(jwk instanceof PrivateJwk<?, ?, ?>) && !(jwk instanceof SecretJwk)) {
            throw invalid("is a JWK of an unsupported kind");
        }
        if (jwk instanceof PrivateJwk<?, ?, ?> pair
                && !KeyPairProbe.isOnePair(pair.toKey(), pair.toPublicJwk().toKey())) {
            // Its tokens would not verify against the public key its owner publishes from it.
            throw invalid(JWK_NOT_ONE_PAIR_MSG);
        }
        return new ParsedJwk(jwk.toKey(), jwk.getId(), jwk.getAlgorithm());
    }

    /**
     * JJWT trims member names, so {@code "\fkid": null} would erase the {@code kid} before it, and
     * {@code " d"} replace {@code d}: the key would not be the one the JSON spells.
     */
    private static void refusePaddedMemberNames(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid("starts with '{' but is not valid JSON");
        }
        for (java.util.Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(name.strip()) || !name.equals(name.trim())) {
                throw invalid(JWK_PADDED_NAME_MSG);
            }
        }
    }

    private static PrivateKey pem(String text, String password) {
        // Environment variables and JSON often carry PEM newlines as the two characters "\n".
        String unescaped = text.replace("\\r", "").replace("\\n", "\n");
        for (PemBlocks.Block block : PemBlocks.find(unescaped)) {
            String type = block.type();
            if (type.equals("EC PARAMETERS")) {
                continue; // openssl ecparam writes these before the key
            }
            if (block.body().contains("Proc-Type:")) {
                throw invalid(LEGACY_PEM_MSG);
            }
            byte[] der = decode(type, block.body());
            if (!type.equals("ENCRYPTED PRIVATE KEY")) {
                refusePassword(password);
            }
            return switch (type) {
                case "PRIVATE KEY" -> pkcs8(der);
                case "RSA PRIVATE KEY" -> pkcs8(pkcs1ToPkcs8(der));
                case "EC PRIVATE KEY" -> pkcs8(sec1ToPkcs8(der));
                case "ENCRYPTED PRIVATE KEY" -> pkcs8(decrypt(der, password));
                case "OPENSSH PRIVATE KEY" ->
                        throw invalid(
                                "is in OpenSSH's format; convert it with 'ssh-keygen -p -m PKCS8'");
                case "PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE" ->
                        throw invalid(NOT_PRIVATE_MSG.formatted(type));
                default -> throw invalid("is a PEM block of an unsupported type");
            };
        }
        throw invalid(NO_KEY_MSG);
    }

    static byte[] decode(String type, String body) {
        String canonical =
                "-----BEGIN "
                        + type
                        + "-----\n"
                        + body.replaceAll("\\s+", "")
                        + "\n-----END "
                        + type
                        + "-----\n";
        try (PemReader reader = new PemReader(new StringReader(canonical))) {
            PemObject pem = reader.readPemObject();
            if (pem == null) {
                throw invalid("PEM body is not valid base64");
            }
            return pem.getContent();
        } catch (IOException | RuntimeException e) {
            if (e instanceof KeyException refused) {
                throw refused;
            }
            throw invalid("PEM body is not valid base64");
        }
    }

    private static byte[] pkcs1ToPkcs8(byte[] der) {
        try {
            RSAPrivateKey rsa = RSAPrivateKey.getInstance(der);
            return new PrivateKeyInfo(
                            new AlgorithmIdentifier(
                                    PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                            rsa)
                    .getEncoded();
        } catch (IOException | RuntimeException e) {
            throw invalid("PEM body is not a PKCS#1 RSA private key");
        }
    }

    private static byte[] sec1ToPkcs8(byte[] der) {
        try {
            ECPrivateKey ec = ECPrivateKey.getInstance(der);
            if (ec.getParametersObject() == null) {
                throw invalid("SEC1 EC key does not name its curve");
            }
            return new PrivateKeyInfo(
                            new AlgorithmIdentifier(
                                    X9ObjectIdentifiers.id_ecPublicKey, ec.getParametersObject()),
                            ec)
                    .getEncoded();
        } catch (IOException | RuntimeException e) {
            if (e instanceof KeyException refused) {
                throw refused;
            }
            throw invalid("PEM body is not a SEC1 EC private key");
        }
    }

    private static byte[] decrypt(byte[] der, String password) {
        if (password == null) {
            throw new KeyPasswordException(KeyPasswordException.Problem.MISSING);
        }
        PbeCost.check(der);
        EncryptedPrivateKeyInfo info;
        String algorithm;
        try {
            info = new EncryptedPrivateKeyInfo(der);
            // For PBES2 the JDK names the real scheme in the parameters
            // (PBEWithHmacSHA256AndAES_256).
            algorithm =
                    info.getAlgParameters() != null
                            ? info.getAlgParameters().toString()
                            : info.getAlgName();
        } catch (IOException | RuntimeException e) {
            throw invalid("PEM body is not an encrypted PKCS#8 key");
        }
        SecretKey passwordKey;
        Cipher cipher;
        try {
            passwordKey =
                    SecretKeyFactory.getInstance(algorithm)
                            .generateSecret(new PBEKeySpec(password.toCharArray()));
            cipher = Cipher.getInstance(algorithm);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw invalid("is encrypted with a scheme this JDK does not support");
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, passwordKey, info.getAlgParameters());
            return info.getKeySpec(cipher).getEncoded();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyPasswordException(KeyPasswordException.Problem.WRONG);
        }
    }

    private static PrivateKey pkcs8(byte[] der) {
        String factory;
        try {
            factory =
                    KEY_FACTORIES.get(
                            PrivateKeyInfo.getInstance(der)
                                    .getPrivateKeyAlgorithm()
                                    .getAlgorithm());
        } catch (RuntimeException e) {
            throw invalid("PEM body is not a PKCS#8 private key");
        }
        if (factory == null) {
            throw invalid("PKCS#8 key of an unsupported type");
        }
        try {
            return KeyFactory.getInstance(factory).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw invalid(INVALID_KEY_MSG.formatted(factory));
        }
    }

    private static void refusePassword(String password) {
        if (password != null) {
            throw new KeyPasswordException(KeyPasswordException.Problem.NOT_ENCRYPTED);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    private static KeyException invalid(String rule) {
        return new KeyException(rule);
    }
}
