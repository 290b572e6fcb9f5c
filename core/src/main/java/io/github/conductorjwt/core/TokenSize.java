package io.github.conductorjwt.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
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

    /** The most bytes of JSON one character of a string takes: a control character, escaped. */
    private static final int MAX_BYTES_PER_CHAR = 6;

    static void check(JwtRequest request) {
        if (surelyFits(request)) {
            return;
        }
        long total = FIXED_BYTES;
        String largest = null;
        long largestBytes = -1;
        // One generator for all parts, counting, not collecting: a generator per part was most of
        // reading a request. Texts are written directly: the object mapper sets up a serializer
        // provider per value, which made this a third of reading a request.
        Counter counter = new Counter();
        try (JsonGenerator json = JSON.createGenerator(counter)) {
            json.setRootValueSeparator(null);
            for (String part : PARTS) {
                long before = counter.bytes;
                write(json, part, request);
                json.flush();
                long bytes = counter.bytes - before;
                total += bytes;
                if (bytes > largestBytes) {
                    largest = part;
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

    /**
     * Whether a request of texts only fits even if every character took the most bytes it can, as
     * does each quote, comma and bracket: most requests, which then need no JSON written.
     */
    private static boolean surelyFits(JwtRequest request) {
        if (!request.additionalClaims().isEmpty() || !request.headers().isEmpty()) {
            return false;
        }
        long chars = request.issuer().length() + request.subject().length();
        chars += request.keyId() == null ? 0 : request.keyId().length();
        chars += request.jti() == null ? 0 : request.jti().length();
        for (String audience : request.audience()) {
            chars += audience.length();
        }
        for (String scope : request.scopes()) {
            chars += scope.length();
        }
        // Quotes, separators and brackets: fewer than three per string, and two objects' braces.
        long strings = 4 + request.audience().size() + request.scopes().size();
        long punctuation = 3 * strings + 8;
        return FIXED_BYTES + MAX_BYTES_PER_CHAR * (chars + punctuation)
                <= InputLimits.MAX_TOKEN_JSON_BYTES;
    }

    /** The inputs measured, in the order a tie for the largest is settled. */
    private static final List<String> PARTS =
            List.of(
                    JwtInputNames.ISSUER,
                    JwtInputNames.SUBJECT,
                    JwtInputNames.AUDIENCE,
                    JwtInputNames.PRIVATE_KEY_ID,
                    JwtInputNames.JTI,
                    JwtInputNames.SCOPES,
                    JwtInputNames.ADDITIONAL_CLAIMS,
                    JwtInputNames.HEADERS);

    /** The part as JSON; nothing for an absent key id or jti. */
    private static void write(JsonGenerator json, String part, JwtRequest request)
            throws IOException {
        switch (part) {
            case JwtInputNames.ISSUER -> json.writeString(request.issuer());
            case JwtInputNames.SUBJECT -> json.writeString(request.subject());
            case JwtInputNames.AUDIENCE -> {
                json.writeStartArray();
                for (String audience : request.audience()) {
                    json.writeString(audience);
                }
                json.writeEndArray();
            }
            case JwtInputNames.PRIVATE_KEY_ID -> writeIfPresent(json, request.keyId());
            case JwtInputNames.JTI -> writeIfPresent(json, request.jti());
            case JwtInputNames.SCOPES -> json.writeString(String.join(" ", request.scopes()));
            case JwtInputNames.ADDITIONAL_CLAIMS -> writeObject(json, request.additionalClaims());
            case JwtInputNames.HEADERS -> writeObject(json, request.headers());
            default -> throw new IllegalStateException("no such part: " + part);
        }
    }

    private static void writeIfPresent(JsonGenerator json, String text) throws IOException {
        if (text != null) {
            json.writeString(text);
        }
    }

    private static void writeObject(JsonGenerator json, Map<String, Object> object)
            throws IOException {
        if (object.isEmpty()) {
            json.writeStartObject();
            json.writeEndObject();
        } else {
            JSON.writeValue(json, object);
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
