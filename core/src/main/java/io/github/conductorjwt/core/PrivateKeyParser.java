package io.github.conductorjwt.core;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * The one place that turns key text into a {@link PrivateKey}. Messages name what was wrong with
 * the text, never any part of it.
 */
final class PrivateKeyParser {

    private static final String FIELD = JwtRequestReader.PRIVATE_KEY;

    /** A PEM block, tolerant of its line breaks having been lost or flattened. */
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    /** PKCS#8 algorithm OIDs and the JCA key factory for each. */
    private static final Map<String, String> KEY_FACTORIES =
            Map.of(
                    "1.2.840.113549.1.1.1", "RSA",
                    "1.2.840.113549.1.1.10", "RSASSA-PSS",
                    "1.2.840.10045.2.1", "EC",
                    "1.3.101.112", "Ed25519",
                    "1.3.101.113", "Ed448");

    private PrivateKeyParser() {}

    static PrivateKey parse(KeyText keyText) {
        PemObject pem = readPem(keyText.reveal());
        return switch (pem.getType()) {
            case "PRIVATE KEY" -> pkcs8(pem.getContent());
            case "RSA PRIVATE KEY", "EC PRIVATE KEY" ->
                    throw invalid(
                            "is a "
                                    + pem.getType()
                                    + " (PKCS#1/SEC1) block; give it as PKCS#8"
                                    + " (BEGIN PRIVATE KEY), e.g. with"
                                    + " 'openssl pkcs8 -topk8 -nocrypt'");
            case "ENCRYPTED PRIVATE KEY" ->
                    throw invalid("is encrypted; give an unencrypted PKCS#8 key");
            case "PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE" ->
                    throw invalid("is a " + pem.getType() + ", not a private key");
            default -> throw invalid("is a PEM block of an unsupported type");
        };
    }

    private static PemObject readPem(String text) {
        // Environment variables and JSON often carry PEM newlines as the two characters "\n".
        String unescaped = text.replace("\\r", "").replace("\\n", "\n");
        Matcher block = PEM_BLOCK.matcher(unescaped);
        if (!block.find()) {
            throw invalid("not a PEM private key (expected a -----BEGIN PRIVATE KEY----- block)");
        }
        String body = block.group(2).replaceAll("\\s+", "");
        String canonical =
                "-----BEGIN "
                        + block.group(1)
                        + "-----\n"
                        + body
                        + "\n-----END "
                        + block.group(1)
                        + "-----\n";
        try (PemReader reader = new PemReader(new StringReader(canonical))) {
            PemObject pem = reader.readPemObject();
            if (pem == null) {
                throw invalid("not a PEM private key");
            }
            return pem;
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidJwtInputException invalid) {
                throw invalid;
            }
            throw invalid("PEM body is not valid base64");
        }
    }

    private static PrivateKey pkcs8(byte[] der) {
        String factory;
        try {
            String oid =
                    PrivateKeyInfo.getInstance(der).getPrivateKeyAlgorithm().getAlgorithm().getId();
            factory = KEY_FACTORIES.get(oid);
        } catch (RuntimeException e) {
            throw invalid("PEM body is not a PKCS#8 private key");
        }
        if (factory == null) {
            throw invalid("PKCS#8 key of an unsupported type");
        }
        try {
            return KeyFactory.getInstance(factory).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw invalid("PEM body is not a valid " + factory + " private key");
        }
    }

    private static InvalidJwtInputException invalid(String rule) {
        return new InvalidJwtInputException(FIELD, rule);
    }
}
