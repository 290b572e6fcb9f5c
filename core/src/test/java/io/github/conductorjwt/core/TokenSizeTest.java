package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The size a request's token would have: each part as its own JSON text, in bytes. */
class TokenSizeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void namesTheLargestPartAndCountsEveryPartAsItsOwnJsonText() throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("name", "Zoë \"quoted\" \\ \u0001 " + "é".repeat(2500));
        claims.put("nothing", null);
        claims.put("nested", Map.of("list", List.of(1, 2.5, true, "ü".repeat(900))));
        Map<String, Object> headers = Map.of("x5u", "https://example.com/" + "€".repeat(500));
        JwtRequest request =
                new JwtRequest(
                        "issuer-ä",
                        "subject",
                        List.of("a", "b\u2028"),
                        null,
                        Duration.ofMinutes(5),
                        null,
                        "jti-1",
                        List.of("read", "write"),
                        claims,
                        headers,
                        SigningAlgorithm.HS256,
                        new SigningKey(
                                new SecretKeySpec(new byte[32], "HmacSHA256"), null, null, null));

        // Each part by itself, as writeValueAsBytes measures it; null counts nothing.
        List<Object> parts = new ArrayList<>();
        parts.addAll(
                Arrays.asList(
                        request.issuer(),
                        request.subject(),
                        request.audience(),
                        request.keyId(),
                        request.jti(),
                        "read write",
                        request.additionalClaims(),
                        request.headers()));
        long total = 160;
        long largest = 0;
        for (Object part : parts) {
            long bytes = part == null ? 0 : JSON.writeValueAsBytes(part).length;
            total += bytes;
            largest = Math.max(largest, bytes);
        }
        assertThat(total).isGreaterThan(InputLimits.MAX_TOKEN_JSON_BYTES);

        assertThatThrownBy(() -> TokenSize.check(request))
                .isInstanceOf(InvalidJwtInputException.class)
                .hasMessageStartingWith("additionalClaims: ")
                .hasMessageContaining("would be about " + total + " bytes of JSON")
                .hasMessageContaining("the largest part (" + largest + " bytes)");
    }
}
