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
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The one place that turns VERIFY_JWT key text into {@link VerificationKeys}: a PEM public key
 * (SPKI or PKCS#1), an X.509 certificate (its key only: neither its dates nor its chain are
 * checked), a public JWK, a JWK Set, or a shared secret. Messages name what was wrong, never any
 * part of the text, and follow the name of the input that held it.
 */
final class VerificationKeyParser {

    static final String PRIVATE_GIVEN_MSG =
            "is a private key; give only its public half (a private key has no place in a verifying task)";
    static final String SECRET_JWK_MSG = "is a JWK of a shared secret; give it as secretKey";
    static final String NO_PUBLIC_KEY_MSG =
            "not a PEM public key or certificate, public JWK or JWK Set (expected e.g. a -----BEGIN PUBLIC KEY----- block)";
    static final String TOO_MANY_KEYS_MSG = "is a JWK Set of %d keys; at most %d";
    static final String EMPTY_SET_MSG = "is a JWK Set with no public signing key we verify with";
    static final String UNSUPPORTED_KEY_MSG =
            "is a %s key; RSA, EC (P-256/384/521) and EdDSA verify";
    static final String RSA_SIZE_MSG = "RSA key is %d bits; between %d and %d";
    static final String SECRET_IS_PEM_MSG = "is a PEM key; a shared secret is not a key pair";
    static final String SECRET_TOO_SHORT_MSG =
            "HMAC secret is %d bytes; at least 32 (HS256; HS384 needs 48, HS512 64)";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** SPKI algorithm OIDs and the JCA key factory for each. */
    private static final Map<ASN1ObjectIdentifier, String> KEY_FACTORIES =
            Map.of(
                    PKCSObjectIdentifiers.rsaEncryption,
                    "RSA",
                    PKCSObjectIdentifiers.id_RSASSA_PSS,
                    "RSASSA-PSS",
                    X9ObjectIdentifiers.id_ecPublicKey,
                    "EC",
                    new ASN1ObjectIdentifier("1.3.101.112"),
                    "Ed25519",
                    new ASN1ObjectIdentifier("1.3.101.113"),
                    "Ed448");

    private VerificationKeyParser() {}

    /** A public key, certificate, public JWK or JWK Set. */
    static VerificationKeys publicKeys(String text) {
        String stripped = text.strip();
        if (stripped.startsWith("{")) {
            JsonNode node;
            try {
                node = JSON.readTree(stripped);
            } catch (JsonProcessingException e) {
                throw new KeyException("starts with '{' but is not valid JSON");
            }
            return node.has("keys")
                    ? jwkSet(node, false)
                    : new VerificationKeys(List.of(jwk(stripped)));
        }
        return new VerificationKeys(List.of(pem(stripped.replace("\\r", "").replace("\\n", "\n"))));
    }

    /**
     * A fetched or given JWK Set. Fetched ({@code lenient}), entries we cannot verify with (an
     * encryption key, an unknown type, a weak key) are skipped, so one odd key does not break a
     * provider's set; given, they are refused, so the author sees the mistake.
     */
    static VerificationKeys jwkSet(JsonNode node, boolean lenient) {
        JsonNode keys = node.get("keys");
        if (keys == null || !keys.isArray()) {
            throw new KeyException("is a JSON object whose 'keys' is not a list");
        }
        if (keys.size() > InputLimits.MAX_JWKS_KEYS) {
            throw new KeyException(
                    TOO_MANY_KEYS_MSG.formatted(keys.size(), InputLimits.MAX_JWKS_KEYS));
        }
        List<VerificationKey> parsed = new ArrayList<>();
        for (JsonNode entry : keys) {
            if (lenient && entry.hasNonNull("use") && !"sig".equals(entry.get("use").asText())) {
                continue;
            }
            try {
                parsed.add(jwk(entry.toString()));
            } catch (KeyException e) {
                if (!lenient || PRIVATE_GIVEN_MSG.equals(e.rule())) {
                    throw e;
                }
            }
        }
        if (parsed.isEmpty()) {
            throw new KeyException(EMPTY_SET_MSG);
        }
        return new VerificationKeys(parsed);
    }

    static VerificationKeys jwkSet(String text, boolean lenient) {
        try {
            return jwkSet(JSON.readTree(text), lenient);
        } catch (JsonProcessingException e) {
            throw new KeyException("is not valid JSON");
        }
    }

    private static VerificationKey jwk(String text) {
        Jwk<?> jwk;
        try {
            jwk = Jwks.parser().json(new JacksonDeserializer<>()).build().parse(text);
        } catch (RuntimeException e) {
            // JJWT's messages may quote members of the JWK: the kind of failure only.
            throw new KeyException(
                    KeyParser.INVALID_JWK_MSG.formatted(e.getClass().getSimpleName()));
        }
        if (jwk instanceof PrivateJwk<?, ?, ?>) {
            throw new KeyException(PRIVATE_GIVEN_MSG);
        }
        if (jwk instanceof SecretJwk) {
            throw new KeyException(SECRET_JWK_MSG);
        }
        if (!(jwk instanceof PublicJwk<?> publicJwk)) {
            throw new KeyException("is a JWK of an unsupported kind");
        }
        return checked(VerificationKey.of(publicJwk.toKey(), jwk.getId(), jwk.getAlgorithm()));
    }

    private static VerificationKey pem(String text) {
        for (PemBlocks.Block block : PemBlocks.find(text)) {
            String type = block.type();
            switch (type) {
                case "PUBLIC KEY" -> {
                    return checked(
                            VerificationKey.of(
                                    spki(KeyParser.decode(type, block.body())), null, null));
                }
                case "RSA PUBLIC KEY" -> {
                    return checked(
                            VerificationKey.of(
                                    pkcs1(KeyParser.decode(type, block.body())), null, null));
                }
                case "CERTIFICATE" -> {
                    return checked(
                            VerificationKey.of(
                                    certificate(KeyParser.decode(type, block.body())), null, null));
                }
                case "PRIVATE KEY",
                        "RSA PRIVATE KEY",
                        "EC PRIVATE KEY",
                        "ENCRYPTED PRIVATE KEY",
                        "OPENSSH PRIVATE KEY" ->
                        throw new KeyException(PRIVATE_GIVEN_MSG);
                default -> {
                    // EC PARAMETERS and the like: keep looking
                }
            }
        }
        throw new KeyException(NO_PUBLIC_KEY_MSG);
    }

    private static PublicKey spki(byte[] der) {
        String factory;
        try {
            factory =
                    KEY_FACTORIES.get(
                            SubjectPublicKeyInfo.getInstance(der).getAlgorithm().getAlgorithm());
        } catch (RuntimeException e) {
            throw new KeyException("PEM body is not an SPKI public key");
        }
        if (factory == null) {
            throw new KeyException("is a public key of an unsupported type");
        }
        try {
            return KeyFactory.getInstance(factory).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyException("PEM body is not a valid " + factory + " public key");
        }
    }

    private static PublicKey pkcs1(byte[] der) {
        try {
            return spki(
                    new SubjectPublicKeyInfo(
                                    new AlgorithmIdentifier(
                                            PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                                    org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(der))
                            .getEncoded());
        } catch (KeyException e) {
            throw e;
        } catch (java.io.IOException | RuntimeException e) {
            throw new KeyException("PEM body is not a PKCS#1 RSA public key");
        }
    }

    private static PublicKey certificate(byte[] der) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der))
                    .getPublicKey();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyException("PEM body is not an X.509 certificate");
        }
    }

    /** Refuses what no algorithm verifies: an unknown family, an RSA key out of bounds. */
    private static VerificationKey checked(VerificationKey key) {
        PublicKey publicKey = key.publicKey();
        if (KeyRules.familyOf(publicKey) == null) {
            throw new KeyException(UNSUPPORTED_KEY_MSG.formatted(publicKey.getAlgorithm()));
        }
        if (publicKey instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < 2048 || bits > InputLimits.MAX_RSA_BITS) {
                throw new KeyException(
                        RSA_SIZE_MSG.formatted(bits, 2048, InputLimits.MAX_RSA_BITS));
            }
        }
        if (java.util.Arrays.stream(SigningAlgorithm.values()).noneMatch(key::fits)) {
            throw new KeyException(
                    "is a key no supported algorithm verifies (an EC key off P-256/384/521, or a JWK whose alg we do not verify)");
        }
        return key;
    }

    /** A shared secret: UTF-8 text, or {@code base64:} and its bytes. */
    static VerificationKeys secret(String text) {
        String stripped = text.strip();
        if (stripped.contains("-----BEGIN ")) {
            throw new KeyException(SECRET_IS_PEM_MSG);
        }
        byte[] secret =
                stripped.startsWith(KeyParser.BASE64_PREFIX)
                        ? KeyParser.base64(
                                stripped.substring(KeyParser.BASE64_PREFIX.length()).strip())
                        : stripped.getBytes(StandardCharsets.UTF_8);
        if (secret.length < 32) {
            throw new KeyException(SECRET_TOO_SHORT_MSG.formatted(secret.length));
        }
        return new VerificationKeys(List.of(VerificationKey.secret(secret)));
    }
}
