package io.github.conductorjwt.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;

/**
 * A compact JWS split and its header and claims read, before any key is touched: bounded (length
 * first, one pass over the characters, JSON nesting capped), so a hostile token costs what a small
 * one does. Anything out of shape is {@link VerifyErrorCode#MALFORMED}.
 */
final class TokenParts {

    static final String TOO_LONG_MSG = "the token is longer than %d characters";
    static final String NOT_COMPACT_MSG =
            "the token is not a compact JWS (three base64url parts separated by dots)";
    static final String NOT_BASE64_MSG = "a part of the token is not base64url";
    static final String NOT_JSON_MSG =
            "the token's %s is not a JSON object within bounds (nesting at most %d, no duplicate names)";

    /**
     * Token JSON as JJWT reads it, but refusing duplicate names (two {@code alg}s or {@code aud}s:
     * which one a library reads is a known way to fool verifiers) and deep nesting.
     */
    static final ObjectMapper JSON =
            JsonMapper.builder(
                            JsonFactory.builder()
                                    .streamReadConstraints(
                                            StreamReadConstraints.builder()
                                                    .maxNestingDepth(
                                                            InputLimits.MAX_TOKEN_JSON_DEPTH)
                                                    .build())
                                    .build())
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .build();

    final String signingInput;
    final Map<String, Object> header;
    final Map<String, Object> claims;

    private TokenParts(
            String signingInput, Map<String, Object> header, Map<String, Object> claims) {
        this.signingInput = signingInput;
        this.header = header;
        this.claims = claims;
    }

    /** Thrown with the verdict on a token; no stack trace, no token text. */
    static final class Invalid extends RuntimeException {
        final VerifyErrorCode code;

        Invalid(VerifyErrorCode code, String reason) {
            super(reason, null, false, false);
            this.code = code;
        }
    }

    static TokenParts read(String token) {
        if (token == null || token.isEmpty()) {
            throw new Invalid(VerifyErrorCode.MALFORMED, NOT_COMPACT_MSG);
        }
        if (token.length() > InputLimits.MAX_TOKEN_CHARS) {
            throw new Invalid(
                    VerifyErrorCode.MALFORMED, TOO_LONG_MSG.formatted(InputLimits.MAX_TOKEN_CHARS));
        }
        int first = -1;
        int second = -1;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (first < 0) {
                    first = i;
                } else if (second < 0) {
                    second = i;
                } else {
                    throw new Invalid(VerifyErrorCode.MALFORMED, NOT_COMPACT_MSG);
                }
            } else if (!(c >= 'A' && c <= 'Z'
                    || c >= 'a' && c <= 'z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '_')) {
                throw new Invalid(VerifyErrorCode.MALFORMED, NOT_BASE64_MSG);
            }
        }
        if (first <= 0 || second < 0 || second == first + 1) {
            throw new Invalid(VerifyErrorCode.MALFORMED, NOT_COMPACT_MSG);
        }
        Map<String, Object> header = object(token.substring(0, first), "header");
        Map<String, Object> claims = object(token.substring(first + 1, second), "claims");
        return new TokenParts(token.substring(0, second), header, claims);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String part, String name) {
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new Invalid(VerifyErrorCode.MALFORMED, NOT_BASE64_MSG);
        }
        try {
            Object value = JSON.readValue(json, Object.class);
            if (value instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        } catch (IOException | RuntimeException e) {
            // Jackson's message may quote the JSON: the verdict only.
        }
        throw new Invalid(
                VerifyErrorCode.MALFORMED,
                NOT_JSON_MSG.formatted(name, InputLimits.MAX_TOKEN_JSON_DEPTH));
    }
}
