package io.github.conductorjwt.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
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
        // One generator for all parts, counting, not collecting: a generator per part was most of
        // reading a request.
        Counter counter = new Counter();
        try (JsonGenerator json = JSON.createGenerator(counter)) {
            json.setRootValueSeparator(null);
            for (Map.Entry<String, Object> part : parts.entrySet()) {
                long before = counter.bytes;
                if (part.getValue() != null) {
                    JSON.writeValue(json, part.getValue());
                    json.flush();
                }
                long bytes = counter.bytes - before;
                total += bytes;
                if (bytes > largestBytes) {
                    largest = part.getKey();
                    largestBytes = bytes;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("input JSON was already checked", e);
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

    /** Counts what a generator writes. */
    private static final class Counter extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
