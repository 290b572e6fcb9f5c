package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.jackson.io.JacksonSerializer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The payload the signer writes is the one JJWT's claims builder would write for the same request:
 * the same bytes, so the same members, values and order. The builder is called here as {@link
 * JwtSigner} called it before it wrote the payload itself.
 */
class ClaimSetTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30.750Z");
    private static final String SECRET = TestKeys.base64Secret(32);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JwtRequestReader reader = new JwtRequestReader(SigningPolicy.defaults());
    private final JwtSigner signer = new JwtSigner(Clock.fixed(NOW, ZoneOffset.UTC));

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void writesThePayloadJjwtsClaimsBuilderWrites(String name, Map<String, Object> input)
            throws Exception {
        JwtRequest request = reader.read(input);
        SignedJwt jwt = signer.sign(request);

        String ours = part(jwt.token(), 1);
        String jjwts = jjwtClaimsBuilderPayload(request, jwt.issuedAt(), jwt.jti());
        assertThat(ours).isEqualTo(jjwts);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void keepsTheHeaderJwtTypedWithoutAContentType(String name, Map<String, Object> input)
            throws Exception {
        JsonNode header = JSON.readTree(part(signer.sign(reader.read(input)).token(), 0));

        assertThat(header.path("typ").asText()).isEqualTo("JWT");
        assertThat(header.has("cty")).isFalse();
        assertThat(header.path("alg").asText()).isEqualTo("HS256");
    }

    /** What JJWT 0.12's claims builder writes, called as the signer once called it. */
    private static String jjwtClaimsBuilderPayload(
            JwtRequest request, Instant issuedAt, String jti) {
        JwtBuilder builder =
                Jwts.builder()
                        .json(new JacksonSerializer<>())
                        .claims(request.additionalClaims())
                        .issuer(request.issuer())
                        .subject(request.subject())
                        .issuedAt(Date.from(issuedAt))
                        .expiration(Date.from(issuedAt.plus(request.ttl())))
                        .id(jti);
        if (request.notBefore() != null) {
            builder.notBefore(Date.from(issuedAt.plus(request.notBefore())));
        }
        if (request.audience().size() == 1) {
            builder.audience().single(request.audience().get(0));
        } else {
            builder.audience().add(request.audience());
        }
        if (!request.scopes().isEmpty()) {
            builder.claim("scope", String.join(" ", request.scopes()));
        }
        return part(builder.compact(), 1); // unsecured: the payload is all we compare
    }

    private static String part(String token, int index) {
        return new String(
                Base64.getUrlDecoder().decode(token.split("\\.", -1)[index]),
                StandardCharsets.UTF_8);
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("Orkes' example", input()),
                Arguments.of("several audiences, scopes as a list, nbf 0, a jti", several()),
                Arguments.of("one audience in a list, nbf, no scope, no kid", oneInAList()),
                Arguments.of("scopes split on every separator", separatedScopes()),
                Arguments.of("additional claims of every JSON type", everyJsonType()),
                Arguments.of("additional claims in a hash map's order", hashMapClaims()),
                Arguments.of("claims named like registered ones, nested or cased", lookAlikes()),
                Arguments.of("headers beside claims", withHeaders()));
    }

    private static Map<String, Object> input() {
        Map<String, Object> input = ExampleInputs.orkesExample(SECRET);
        input.put("algorithm", "HS256");
        return input;
    }

    private static Map<String, Object> several() {
        Map<String, Object> input = input();
        input.put("audience", List.of("https://a.example", "https://b.example", "c"));
        input.put("scopes", List.of("read", "write", "admin"));
        input.put("notBefore", 0);
        input.put("jti", "run-42");
        return input;
    }

    private static Map<String, Object> oneInAList() {
        Map<String, Object> input = input();
        input.put("audience", List.of("only"));
        input.put("notBefore", 120);
        input.remove("scopes");
        input.remove("privateKeyId");
        input.put("ttlInSeconds", 3600);
        return input;
    }

    private static Map<String, Object> separatedScopes() {
        Map<String, Object> input = input();
        input.put("scopes", " a,b\tc\nd\re\u000Bf\fg,, h ");
        return input;
    }

    private static Map<String, Object> everyJsonType() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("inner null", null);
        nested.put("n", 1.5);
        nested.put("deeper", Map.of("list", List.of(List.of(true))));
        List<Object> mixed = new ArrayList<>(Arrays.asList("s", 1, 2.25, false, null));
        mixed.add(Map.of("k", "v"));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("text", "plain");
        claims.put("escapes", "quote \" backslash \\ newline \n tab \t nul \u0000 ls \u2028");
        claims.put("unicode", "héllo ünïcode 日本語 \uD83D\uDE00");
        claims.put("empty text", "");
        claims.put("int", 42);
        claims.put("negative", -7);
        claims.put("long", 9_007_199_254_740_993L);
        claims.put("short", (short) 3);
        claims.put("byte", (byte) 4);
        claims.put("double", 0.1);
        claims.put("big double", 1e300);
        claims.put("negative zero", -0.0);
        claims.put("float", 2.5f);
        claims.put("decimal", new BigDecimal("1.50"));
        claims.put("exponent decimal", new BigDecimal("1E+3"));
        claims.put("big integer", new BigInteger("9223372036854775807"));
        claims.put("true", true);
        claims.put("false", false);
        claims.put("null", null);
        claims.put("empty list", List.of());
        claims.put("empty object", Map.of());
        claims.put("mixed list", mixed);
        claims.put("object", nested);
        claims.put("ключ", "named in Cyrillic");
        Map<String, Object> input = several();
        input.put("additionalClaims", claims);
        return input;
    }

    private static Map<String, Object> hashMapClaims() {
        Map<String, Object> claims = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            claims.put("claim" + i, i % 3 == 0 ? null : "value" + i);
        }
        Map<String, Object> input = input();
        input.put("additionalClaims", claims);
        return input;
    }

    private static Map<String, Object> lookAlikes() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("EXP", 5);
        claims.put("Aud", "x");
        claims.put("scopes", "not the scope claim");
        claims.put("ctx", Map.of("exp", 1, "aud", List.of("y"), "iat", "text"));
        Map<String, Object> input = input();
        input.put("additionalClaims", claims);
        return input;
    }

    private static Map<String, Object> withHeaders() {
        Map<String, Object> input = several();
        input.put("headers", Map.of("tenant", "t1"));
        input.put("additionalClaims", Map.of("tenant", "t1"));
        return input;
    }
}
