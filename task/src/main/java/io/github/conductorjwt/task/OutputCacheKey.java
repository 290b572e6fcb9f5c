package io.github.conductorjwt.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.conductorjwt.core.JwtRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The key an output is cached under: a SHA-256 digest of the evaluated {@code cacheConfig.key}
 * <em>and</em> of everything that shapes the token (every validated input, the algorithm and a
 * digest of the signing key). Two tasks that would sign different tokens never share an entry,
 * whatever their {@code cacheConfig.key}, and the cache holds neither key text nor secret.
 */
final class OutputCacheKey {

    private static final ObjectWriter CANONICAL =
            new ObjectMapper()
                    .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                    .writer();

    private OutputCacheKey() {}

    /** The digest; {@code null} when the key cannot be told apart from others (not encodable). */
    static String of(String evaluatedKey, JwtRequest request) {
        return of(evaluatedKey, request, null);
    }

    /**
     * @param heldKey what tells a held signer's key apart (its name and kid), or {@code null} for
     *     the request's own key
     */
    static String of(String evaluatedKey, JwtRequest request, String heldKey) {
        String keyDigest =
                heldKey != null ? heldKey : request.key() == null ? null : request.key().digest();
        if (keyDigest == null) {
            return null;
        }
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("cacheKey", evaluatedKey);
        shape.put("iss", request.issuer());
        shape.put("sub", request.subject());
        shape.put("aud", request.audience());
        shape.put("kid", request.keyId());
        shape.put("ttl", request.ttl().toSeconds());
        shape.put("nbf", request.notBefore() == null ? null : request.notBefore().toSeconds());
        shape.put("jti", request.jti());
        shape.put("scopes", request.scopes());
        shape.put("claims", request.additionalClaims());
        shape.put("headers", request.headers());
        shape.put("alg", request.algorithm().name());
        shape.put("key", keyDigest);
        return sha256(canonicalJson(shape));
    }

    /** JSON with every object's members sorted by name. */
    static String canonicalJson(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Task input is JSON already; only a foreign object in a test could get here.
            throw new IllegalArgumentException("not JSON: " + e.getClass().getSimpleName());
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
