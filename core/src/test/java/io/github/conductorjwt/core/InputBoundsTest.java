package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inputs sized or shaped to exhaust the server, and malformed registered headers: each is refused
 * by its documented bound ({@link InputLimits}), naming the field, without echoing the value.
 */
class InputBoundsTest {

    private static final String KEY = TestKeys.pkcs8Pem(TestKeys.RSA_2048);

    private final JwtRequestReader reader = new JwtRequestReader(SigningPolicy.defaults());

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> input = ExampleInputs.orkesExample(KEY);
        input.put(field, value);
        return input;
    }

    private String reasonFor(Map<String, Object> input) {
        return Refusals.of(reader, input).getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e2147483600", "-1e2147483600", "1e-2147483600", "9e999999999"})
    @Timeout(
            value = 30,
            unit = TimeUnit.SECONDS,
            threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a speed claim
    void refusesHugeExponentsWithoutWritingTheNumberOut(String ttl) {
        String reason = reasonFor(with("ttlInSecond", ttl));

        assertThat(reason).startsWith("ttlInSecond: must be ").doesNotContain("000000");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void refusesHugeExponentsGivenAsNumbers() {
        assertThat(reasonFor(with("ttlInSecond", new BigDecimal("1e2147483600"))))
                .isEqualTo("ttlInSecond: must be between 1 and 86400");
        assertThat(reasonFor(with("notBefore", new BigDecimal("-1e2147483600"))))
                .isEqualTo("notBefore: must be between 0 and 3599 (less than the TTL)");
        assertThat(reasonFor(with("ttlInSecond", BigInteger.TWO.pow(100_000))))
                .isEqualTo(
                        "ttlInSecond: must be a whole number of seconds from 1 to 86400, was a"
                                + " number of too many digits");
    }

    @Test
    void refusesALongNumericString() {
        assertThat(reasonFor(with("ttlInSecond", "0".repeat(100) + "60")))
                .isEqualTo(
                        "ttlInSecond: must be a whole number of seconds from 1 to 86400, was a"
                                + " string of 102 characters (at most 32)");
    }

    @Test
    void refusesAMegabyteSubject() {
        assertThat(reasonFor(with("subject", "s".repeat(1 << 20))))
                .isEqualTo("subject: must be at most 1024 characters, was 1048576");
    }

    @Test
    void refusesAHundredThousandClaims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        for (int i = 0; i < 100_000; i++) {
            claims.put("c" + i, i);
        }
        assertThat(reasonFor(with("additionalClaims", claims)))
                .isEqualTo("additionalClaims: must hold at most 256 values in all");
    }

    @Test
    void refusesAMegabyteClaim() {
        assertThat(reasonFor(with("additionalClaims", Map.of("big", "x".repeat(1 << 20)))))
                .isEqualTo("additionalClaims: every string must be at most 4096 characters");
    }

    @Test
    void refusesDeepNesting() {
        Object nested = "leaf";
        for (int i = 0; i < 50; i++) {
            nested = Map.of("n", nested);
        }
        assertThat(reasonFor(with("additionalClaims", Map.of("deep", nested))))
                .isEqualTo(
                        "additionalClaims: must not nest objects or lists more than 5 levels deep");
    }

    @Test
    void refusesATokenLargerThan8KiB() {
        Map<String, Object> claims = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            claims.put("c" + i, "x".repeat(3000));
        }
        assertThat(reasonFor(with("additionalClaims", claims)))
                .startsWith("additionalClaims: the token's header and payload would be about ")
                .contains("more than 8192");
    }

    @Test
    void refusesEmptyClaimAndHeaderNames() {
        assertThat(reasonFor(with("additionalClaims", Map.of("", 1))))
                .isEqualTo("additionalClaims: every name must be a non-empty string");
        assertThat(reasonFor(with("headers", Map.of("", 1))))
                .isEqualTo("headers: every name must be a non-empty string");
    }

    /**
     * Found by fuzzing: Nimbus (its Gson) cannot read some whole numbers past 64 bits written as
     * plain digits, 10^88 among them; the token verified by no Nimbus user.
     */
    @Test
    void refusesWholeNumbersPast64Bits() {
        assertThat(reasonFor(with("additionalClaims", Map.of("n", BigInteger.TEN.pow(88)))))
                .isEqualTo(
                        "additionalClaims: every number must be finite, with at most 308 as its"
                                + " decimal exponent, and a whole number within 64 bits");
        assertThat(reasonFor(with("headers", Map.of("n", new BigDecimal(BigInteger.TEN.pow(20))))))
                .startsWith("headers: every number must be finite");
    }

    /** Found by fuzzing: JJWT trims these names, so the token carried another name. */
    @Test
    void refusesClaimAndHeaderNamesPaddedWithWhiteSpace() {
        assertThat(reasonFor(with("additionalClaims", Map.of("role ", 1))))
                .isEqualTo("additionalClaims: no name may start or end with white space");
        assertThat(reasonFor(with("headers", Map.of("\fx", 1))))
                .isEqualTo("headers: no name may start or end with white space");
    }

    @Test
    void refusesMalformedRegisteredHeaders() {
        assertThat(reasonFor(with("headers", Map.of("typ", 5))))
                .isEqualTo("headers: 'typ' must be a string");
        assertThat(reasonFor(with("headers", Map.of("jwk", Map.of("kty", "RSA")))))
                .isEqualTo("headers: 'jwk' is not a valid value for this header");
        assertThat(reasonFor(with("headers", Map.of("x5c", List.of("bm90IGEgY2VydA")))))
                .isEqualTo("headers: 'x5c' is not a valid value for this header");
        assertThat(reasonFor(with("headers", Map.of("jku", "not a uri ::"))))
                .isEqualTo("headers: 'jku' must be an absolute https URI");
        assertThat(reasonFor(with("headers", Map.of("x5t", "!!!"))))
                .isEqualTo("headers: 'x5t' must be base64url of a 20-byte SHA-1 thumbprint");
        assertThat(reasonFor(with("headers", Map.of("epk", 5))))
                .isEqualTo("headers: 'epk' belongs to encrypted tokens (JWE), not signed ones");
        assertThat(reasonFor(with("headers", Map.of("p2c", "x"))))
                .isEqualTo("headers: 'p2c' belongs to encrypted tokens (JWE), not signed ones");
    }

    @Test
    void refusesTooManyAudiencesAndScopes() {
        List<String> audiences = new ArrayList<>();
        List<String> scopes = new ArrayList<>();
        for (int i = 0; i < 65; i++) {
            audiences.add("aud-" + i);
            scopes.add("scope-" + i);
        }
        assertThat(reasonFor(with("audience", audiences.subList(0, 17))))
                .isEqualTo("audience: must have at most 16 items, had 17");
        assertThat(reasonFor(with("scopes", scopes)))
                .isEqualTo("scopes: must have at most 64 items, had 65");
    }

    @Test
    void readsAStringAudienceAsOneAudienceCommasAndAll() {
        JwtRequest request = reader.read(with("audience", "https://api.example.com/x,y"));

        assertThat(request.audience()).containsExactly("https://api.example.com/x,y");
    }

    @Test
    void reportsAWrongTypeAudienceOnce() {
        assertThat(reasonFor(with("audience", 5)))
                .isEqualTo("audience: must be a string or a list of strings, was a number");
    }

    @Test
    void neverQuotesASecretGivenAsTheAlgorithm() {
        String secret = "c2VjcmV0LXNoYXJlZC1obWFjLWtleS0zMi1ieXRlcw==";

        assertThat(reasonFor(with("algorithm", secret)))
                .doesNotContain(secret.substring(0, 8))
                .startsWith("algorithm: must be one of RS256");
    }
}
