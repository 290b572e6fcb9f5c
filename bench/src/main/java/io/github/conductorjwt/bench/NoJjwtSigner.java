package io.github.conductorjwt.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;

/**
 * The floor under any JWT library: a real compact JWS with no JJWT, by Jackson (header and claims
 * maps, as JJWT writes them), the JDK's base64url and a JCA signature or MAC already initialised
 * with the key, on the provider under test. Not thread-safe (one JMH thread).
 */
final class NoJjwtSigner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final String algorithm;
    private final Signature signature;
    private final Mac mac;

    /** One of {@code signature} and {@code mac}, the other null. */
    NoJjwtSigner(String algorithm, Signature signature, Mac mac) {
        this.algorithm = algorithm;
        this.signature = signature;
        this.mac = mac;
    }

    /**
     * The claims {@link ProviderBenchmark#bareJjwt} sets (those of the core's example input), in
     * the order JJWT writes them, as JSON: also the payload the {@code content()} layer hands JJWT.
     */
    static byte[] claims(Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "svc@example.iam.gserviceaccount.com");
        claims.put("sub", "svc@example.iam.gserviceaccount.com");
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + 3600);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("scope", "https://www.googleapis.com/auth/cloud-platform");
        claims.put("aud", "https://oauth2.googleapis.com/token");
        return json(claims);
    }

    String sign(Instant now) throws GeneralSecurityException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("kid", "key-123");
        header.put("alg", algorithm);
        byte[] head = B64URL.encode(json(header));
        byte[] body = B64URL.encode(claims(now));
        byte[] signingInput = new byte[head.length + 1 + body.length];
        System.arraycopy(head, 0, signingInput, 0, head.length);
        signingInput[head.length] = '.';
        System.arraycopy(body, 0, signingInput, head.length + 1, body.length);
        byte[] sig;
        if (mac != null) {
            sig = mac.doFinal(signingInput);
        } else {
            signature.update(signingInput);
            sig = signature.sign();
        }
        return new String(signingInput, StandardCharsets.US_ASCII)
                + '.'
                + B64URL.encodeToString(sig);
    }

    private static byte[] json(Map<String, Object> members) {
        try {
            return JSON.writeValueAsBytes(members);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
