package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The documented bound on a token: its header and payload take at most 8,192 bytes of JSON, and a
 * larger one is refused before signing, naming the input that carries most of it. Measured on
 * signed tokens around the bound, each part of the request in use, with claims whose characters
 * take one, two or (escaped) six bytes of JSON each.
 */
class TokenSizeTest {

    /** The documented bound, restated: reading it from the code could not catch a change. */
    private static final int MAX_TOKEN_JSON_BYTES = 8_192;

    /**
     * How far below the bound the estimate may refuse: it counts a worst-case fixed part (times, a
     * random jti, JSON punctuation), so a token some bytes under the bound may be refused.
     */
    private static final int SAFE_SIDE_BYTES = 64;

    /** Claims that take the rest of the size; strings in claims hold at most 4,096 characters. */
    private static final int BULK_CHARS = 3_000;

    private static final String SECRET = "a-shared-secret-of-32-characters";

    private final JwtRequestReader reader = new JwtRequestReader(SigningPolicy.defaults());

    @ParameterizedTest
    @ValueSource(strings = {"a", "é", "\u0001"})
    void tokensUpToTheBoundAreSignedAndLargerOnesRefused(String character) {
        int base = jsonBytes(signed(character, 0));
        int perCharacter = jsonBytes(signed(character, 1)) - base;
        int atTheBound = (MAX_TOKEN_JSON_BYTES - base) / perCharacter;

        // The last size signed, between one surely signed and one surely refused.
        int signed = atTheBound - SAFE_SIDE_BYTES / perCharacter;
        int refused = atTheBound + 1;
        assertThat(refusal(character, signed))
                .as("%d bytes under the bound", SAFE_SIDE_BYTES)
                .isNull();
        assertThat(refusal(character, refused)).as("one character past the bound").isNotNull();
        while (refused - signed > 1) {
            int middle = (signed + refused) / 2;
            if (refusal(character, middle) == null) {
                signed = middle;
            } else {
                refused = middle;
            }
        }

        String largest = signed(character, signed);
        IndependentVerifier.verify(largest, TestKeys.utf8(SECRET));
        assertThat(jsonBytes(largest))
                .as("the largest token signed")
                .isLessThanOrEqualTo(MAX_TOKEN_JSON_BYTES)
                .isGreaterThan(MAX_TOKEN_JSON_BYTES - SAFE_SIDE_BYTES);
        assertThat(refusal(character, refused).violations())
                .singleElement()
                .satisfies(
                        v -> {
                            assertThat(v.field()).isEqualTo("additionalClaims");
                            assertThat(v.rule())
                                    .startsWith("the token's header and payload would be about ")
                                    .contains("bytes of JSON, more than 8192");
                        });
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 9})
    void requestsOfTextsOnlyAreMeasuredToo(int audiences) {
        // Seven audiences of 1,000 characters fit in the bound; nine do not.
        Map<String, Object> input = ExampleInputs.aroundKey("HS256", SECRET, null);
        input.put(
                "audience",
                IntStream.range(0, audiences).mapToObj(i -> i + "a".repeat(999)).toList());

        if (audiences * 1_000 < MAX_TOKEN_JSON_BYTES) {
            String token = new JwtSigner().sign(reader.read(input)).token();
            IndependentVerifier.verify(token, TestKeys.utf8(SECRET));
            assertThat(jsonBytes(token)).isGreaterThan(audiences * 1_000);
        } else {
            assertThatThrownBy(() -> reader.read(input))
                    .isInstanceOfSatisfying(
                            InvalidJwtInputException.class,
                            e ->
                                    assertThat(e.violations())
                                            .singleElement()
                                            .satisfies(
                                                    v -> {
                                                        assertThat(v.field()).isEqualTo("audience");
                                                        assertThat(v.rule())
                                                                .contains(
                                                                        "bytes of JSON, more than 8192");
                                                    }));
        }
    }

    private InvalidJwtInputException refusal(String character, int chars) {
        try {
            reader.read(input(character, chars));
            return null;
        } catch (InvalidJwtInputException e) {
            return e;
        }
    }

    /** A token with every part of a request in use, and {@code chars} more in one claim. */
    private String signed(String character, int chars) {
        return new JwtSigner().sign(reader.read(input(character, chars))).token();
    }

    private static Map<String, Object> input(String character, int chars) {
        Map<String, Object> input = ExampleInputs.aroundKey("HS256", SECRET, null);
        input.put("audience", List.of("https://one.example", "https://two.example"));
        input.put("privateKeyId", "key-1");
        input.put("scopes", "read write");
        input.put("notBefore", 5);
        input.put("headers", Map.of("cty", "JWT"));
        input.put(
                "additionalClaims",
                Map.of(
                        "bulk", "b".repeat(BULK_CHARS),
                        "more", "m".repeat(BULK_CHARS),
                        "fill", character.repeat(chars)));
        return input;
    }

    /** The header's and payload's JSON, as a relying party decodes them. */
    private static int jsonBytes(String token) {
        String[] parts = token.split("\\.");
        return Base64.getUrlDecoder().decode(parts[0]).length
                + Base64.getUrlDecoder().decode(parts[1]).length;
    }
}
