package io.github.conductorjwt.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Refuses a request whose token would outgrow {@link InputLimits#MAX_TOKEN_JSON_BYTES}, naming the
 * input that carries most of it. Every part is already bounded, so measuring is cheap.
 */
final class TokenSize {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * {@code iat}, {@code exp}, {@code nbf}, a random {@code jti}, {@code typ}, {@code alg}, JSON
     * punctuation.
     */
    private static final int FIXED_BYTES = 160;

    private TokenSize() {}

    static void check(JwtRequest request) {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put(JwtInputNames.ISSUER, request.issuer());
        parts.put(JwtInputNames.SUBJECT, request.subject());
        parts.put(JwtInputNames.AUDIENCE, request.audience());
        parts.put(JwtInputNames.PRIVATE_KEY_ID, request.keyId());
        parts.put(JwtInputNames.JTI, request.jti());
        parts.put(JwtInputNames.SCOPES, String.join(" ", request.scopes()));
        parts.put(JwtInputNames.ADDITIONAL_CLAIMS, request.additionalClaims());
        parts.put(JwtInputNames.HEADERS, request.headers());

        long total = FIXED_BYTES;
        String largest = null;
        long largestBytes = -1;
        for (Map.Entry<String, Object> part : parts.entrySet()) {
            long bytes = jsonBytes(part.getValue());
            total += bytes;
            if (bytes > largestBytes) {
                largest = part.getKey();
                largestBytes = bytes;
            }
        }
        if (total > InputLimits.MAX_TOKEN_JSON_BYTES) {
            throw new InvalidJwtInputException(
                    largest,
                    "the token's header and payload would be about "
                            + total
                            + " bytes of JSON, more than "
                            + InputLimits.MAX_TOKEN_JSON_BYTES
                            + "; this input is the largest part ("
                            + largestBytes
                            + " bytes)");
        }
    }

    private static long jsonBytes(Object value) {
        if (value == null) {
            return 0;
        }
        try {
            return JSON.writeValueAsBytes(value).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("input JSON was already checked", e);
        }
    }
}
