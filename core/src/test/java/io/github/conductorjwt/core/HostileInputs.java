package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.conductorjwt.core.HostileInput.Accepted;
import io.github.conductorjwt.core.HostileInput.Category;
import io.github.conductorjwt.core.HostileInput.Refused;
import io.github.conductorjwt.core.HostileInput.Secret;
import io.github.conductorjwt.core.HostileInput.TokenCheck;
import io.jsonwebtoken.jackson.io.JacksonSerializer;
import io.jsonwebtoken.security.Jwks;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The hostile-input corpus: what a careless user or an attacker can put in a GET_SIGNED_JWT task's
 * input, and what each must end with. The limits it expects are those documented in {@code
 * InputLimits} (restated here on purpose: a test that read them from the code under test could not
 * catch a changed limit).
 *
 * <p>Every case starts from a valid input ({@link #ISSUER}, {@link #SUBJECT}, ... signed RS256 with
 * the key in secret {@code jwt-privatekey}) and changes what it tests.
 */
public final class HostileInputs {

    // Documented bounds; the token's JSON header and payload may take 8,192 bytes.
    public static final int MAX_TEXT = 1_024;
    public static final int MAX_NESTED_TEXT = 4_096;
    public static final int MAX_KEY_TEXT = 16_384;
    public static final int MAX_AUDIENCES = 16;
    public static final int MAX_SCOPES = 64;
    public static final int MAX_NAME = 128;
    public static final int MAX_VALUES = 256;

    /** Every input the task reads; a refusal names one of these or {@code token}. */
    public static final List<String> FIELDS =
            List.of(
                    "issuer",
                    "subject",
                    "audience",
                    "privateKey",
                    "privateKeyPassword",
                    "privateKeyId",
                    "ttlInSecond",
                    "ttlInSeconds",
                    "notBefore",
                    "jti",
                    "scopes",
                    "algorithm",
                    "additionalClaims",
                    "headers",
                    "keyName",
                    "token");

    public static final String ISSUER = "issuer@corpus.test";
    public static final String SUBJECT = "subject@corpus.test";
    public static final String AUDIENCE = "https://api.corpus.test";
    public static final String KEY_ID = "corpus-kid";
    public static final int TTL = 3600;

    /** The name of the key a worker holds for the {@link Category#KEY_NAME} cases. */
    public static final String HELD_KEY_NAME = "orders-api";

    private static final int FIVE_MB = 5 * 1024 * 1024;
    private static final int ONE_MB = 1024 * 1024;

    // Secrets: one name, one text. The end-to-end tests give each to the server as a secret.
    private static final Secret GOOD_KEY = secret("jwt-privatekey", HostileKeys::goodPem);
    private static final Secret PASSWORD = secret("corpus-password", () -> HostileKeys.PASSWORD);

    private HostileInputs() {}

    /** The key every case signs with unless it says otherwise. */
    public static KeyPair goodKey() {
        return HostileKeys.goodRsa();
    }

    /** The whole corpus, in a stable order. */
    public static List<HostileInput> all() {
        List<HostileInput> all = new ArrayList<>();
        all.addAll(wrongTypes());
        all.addAll(blanks());
        all.addAll(overLong());
        all.addAll(controlCharacters());
        all.addAll(unicode());
        all.addAll(numbers());
        all.addAll(algorithms());
        all.addAll(keys());
        all.addAll(passwords());
        all.addAll(audiences());
        all.addAll(scopes());
        all.addAll(claims());
        all.addAll(headers());
        all.addAll(tokenSize());
        all.addAll(keyNames());
        return List.copyOf(all);
    }

    /** The representative subset the end-to-end contract runs on a real server. */
    public static List<HostileInput> endToEnd() {
        return all().stream().filter(HostileInput::endToEnd).toList();
    }

    // ---------------------------------------------------------------------------------------
    // Wrong JSON types and null

    private static List<HostileInput> wrongTypes() {
        Category t = Category.WRONG_TYPE;
        List<HostileInput> cases = new ArrayList<>();
        Map<String, Object> wrong = new LinkedHashMap<>();
        wrong.put("a number", 42);
        wrong.put("a boolean", true);
        wrong.put("a list", List.of("a", "b"));
        wrong.put("an object", Map.of("a", "b"));
        for (String field : List.of("issuer", "subject", "privateKeyId", "jti", "algorithm")) {
            wrong.forEach(
                    (type, value) ->
                            cases.add(
                                    c(field + " is " + type, t)
                                            .set(field, value)
                                            .e2eIf(
                                                    field.equals("subject")
                                                            && type.equals("a number"))
                                            .refused(field)));
        }
        wrong.forEach(
                (type, value) ->
                        cases.add(
                                c("privateKey is " + type, t)
                                        .set("privateKey", value)
                                        .e2eIf(type.equals("an object"))
                                        .refused("privateKey")));
        for (String type : wrong.keySet()) {
            cases.add(
                    c("privateKeyPassword is " + type, t)
                            .set("privateKeyPassword", wrong.get(type))
                            .refused("privateKeyPassword"));
        }
        for (String field : List.of("audience", "scopes")) {
            for (String type : List.of("a number", "a boolean", "an object")) {
                cases.add(
                        c(field + " is " + type + " (reported once)", t)
                                .set(field, wrong.get(type))
                                .e2eIf(field.equals("audience") && type.equals("a number"))
                                .refused(field));
            }
            cases.add(
                    c(field + " is a list of numbers", t).set(field, List.of(1, 2)).refused(field));
        }
        for (String field : List.of("ttlInSecond", "notBefore")) {
            cases.add(c(field + " is a boolean", t).set(field, true).refused(field));
            cases.add(c(field + " is a list", t).set(field, List.of(60)).refused(field));
            cases.add(c(field + " is an object", t).set(field, Map.of("s", 60)).refused(field));
        }
        for (String type : List.of("a boolean", "a list", "an object")) {
            cases.add(
                    c("ttlInSeconds is " + type, t)
                            .without("ttlInSecond")
                            .set("ttlInSeconds", wrong.get(type))
                            .refused("ttlInSeconds"));
        }
        for (String field : List.of("additionalClaims", "headers")) {
            cases.add(
                    c(field + " is a JSON string of an object", t)
                            .set(field, "{\"tenant\":\"acme\"}")
                            .e2eIf(field.equals("additionalClaims"))
                            .refused(field));
            cases.add(c(field + " is a number", t).set(field, 7).refused(field));
            cases.add(
                    c(field + " is a list", t).set(field, List.of(Map.of("a", 1))).refused(field));
        }

        // null is JSON's "absent": required inputs are missing, optional ones take defaults.
        for (String field : List.of("issuer", "subject", "audience", "ttlInSecond", "privateKey")) {
            cases.add(
                    c(field + " is null", t)
                            .set(field, null)
                            .e2eIf(field.equals("ttlInSecond"))
                            .refused(field));
        }
        cases.add(
                c("jti is null: a random jti", t)
                        .set("jti", null)
                        .accepted(jwt -> assertThat(claims(jwt).getJWTID()).hasSize(36)));
        cases.add(c("headers is null", t).set("headers", null).accepted(standard()));
        cases.add(
                c("additionalClaims is null", t)
                        .set("additionalClaims", null)
                        .accepted(standard()));
        cases.add(c("scopes is null", t).set("scopes", null).accepted(standard()));
        cases.add(c("notBefore is null", t).set("notBefore", null).accepted(standard()));
        cases.add(
                c("privateKeyPassword is null", t)
                        .set("privateKeyPassword", null)
                        .accepted(standard()));
        cases.add(
                c("privateKeyId is null: no kid", t)
                        .set("privateKeyId", null)
                        .accepted(jwt -> assertThat(jwt.getHeader().getKeyID()).isNull()));
        cases.add(
                c("algorithm is null: the default RS256", t)
                        .set("algorithm", null)
                        .accepted(standard()));
        cases.add(
                c("subject is the string 'null'", t)
                        .set("subject", "null")
                        .accepted(jwt -> assertThat(claims(jwt).getSubject()).isEqualTo("null")));
        cases.add(
                c("ttlInSecond is the string 'null'", t)
                        .set("ttlInSecond", "null")
                        .refused("ttlInSecond"));
        return cases;
    }

    // ---------------------------------------------------------------------------------------
    // Blank and whitespace-only

    private static List<HostileInput> blanks() {
        Category b = Category.BLANK;
        return List.of(
                c("subject is empty", b).set("subject", "").refused("subject"),
                c("issuer is whitespace only", b).set("issuer", " \t ").refused("issuer"),
                c("audience is empty", b).set("audience", "").refused("audience"),
                c("audience is whitespace only", b).set("audience", "  \n ").refused("audience"),
                c("audience is an empty list", b).set("audience", List.of()).refused("audience"),
                c("audience list holds an empty string", b)
                        .set("audience", List.of(AUDIENCE, ""))
                        .refused("audience"),
                // Optional fields left empty, as ui-next writes them, are absent (BlankInputs).
                c("privateKeyId is empty: no kid", b)
                        .set("privateKeyId", "")
                        .accepted(jwt -> assertThat(jwt.getHeader().getKeyID()).isNull()),
                c("jti is whitespace only: a random jti", b)
                        .set("jti", "   ")
                        .accepted(jwt -> assertThat(claims(jwt).getJWTID()).hasSize(36)),
                c("algorithm is empty", b).set("algorithm", "").refused("algorithm"),
                c("privateKey is empty", b).set("privateKey", "").e2e().refused("privateKey"),
                c("privateKey is whitespace and line breaks", b)
                        .set("privateKey", " \n\t\r\n ")
                        .refused("privateKey"),
                c("ttlInSecond is empty", b).set("ttlInSecond", "").refused("ttlInSecond"),
                c("ttlInSecond is whitespace only", b)
                        .set("ttlInSecond", "   ")
                        .refused("ttlInSecond"),
                c("notBefore is empty: no nbf", b)
                        .set("notBefore", "")
                        .accepted(jwt -> assertThat(claims(jwt).getNotBeforeTime()).isNull()),
                c("privateKeyPassword is empty for an encrypted key", b)
                        .key("corpus-encrypted-key", () -> encryptedKey())
                        .set("privateKeyPassword", "")
                        .refused("privateKeyPassword"),
                c("scopes is an empty list, as the UI form writes it", b)
                        .set("scopes", List.of())
                        .accepted(
                                standard()
                                        .and(
                                                jwt ->
                                                        assertThat(claims(jwt).getClaims())
                                                                .doesNotContainKey("scope"))));
    }

    // ---------------------------------------------------------------------------------------
    // Over-long strings: at the bound, just above it, and 5 MB

    private static List<HostileInput> overLong() {
        Category o = Category.OVER_LONG;
        List<HostileInput> cases = new ArrayList<>();
        cases.add(
                c("issuer, subject, jti and privateKeyId at 1,024 characters each", o)
                        .set("issuer", text('i', MAX_TEXT))
                        .set("subject", text('s', MAX_TEXT))
                        .set("jti", text('j', MAX_TEXT))
                        .set("privateKeyId", text('k', MAX_TEXT))
                        .e2e()
                        .accepted(
                                jwt -> {
                                    assertThat(claims(jwt).getIssuer()).hasSize(MAX_TEXT);
                                    assertThat(claims(jwt).getSubject()).hasSize(MAX_TEXT);
                                    assertThat(claims(jwt).getJWTID()).hasSize(MAX_TEXT);
                                    assertThat(jwt.getHeader().getKeyID()).hasSize(MAX_TEXT);
                                }));
        for (String field : List.of("issuer", "subject", "jti", "privateKeyId", "algorithm")) {
            cases.add(
                    c(field + " of 1,025 characters", o)
                            .set(field, text('x', MAX_TEXT + 1))
                            .e2eIf(field.equals("issuer"))
                            .refused(field));
            cases.add(
                    c(field + " of 5 MB", o).lazy(field, () -> text('x', FIVE_MB)).refused(field));
        }
        cases.add(
                c("audience of 1,025 characters", o)
                        .set("audience", "https://" + text('a', MAX_TEXT - 7))
                        .refused("audience"));
        cases.add(
                c("audience list item of 1,025 characters", o)
                        .set("audience", List.of(AUDIENCE, "https://" + text('a', MAX_TEXT - 7)))
                        .e2e()
                        .refused("audience"));
        cases.add(
                c("audience of 5 MB", o)
                        .lazy("audience", () -> text('a', FIVE_MB))
                        .refused("audience"));
        cases.add(
                c("scopes item of 1,025 characters", o)
                        .set("scopes", List.of("read", text('r', MAX_TEXT + 1)))
                        .refused("scopes"));
        cases.add(
                c("scopes of 5 MB", o).lazy("scopes", () -> text('r', FIVE_MB)).refused("scopes"));
        cases.add(
                c("privateKeyPassword of 1,025 characters", o)
                        .key("corpus-encrypted-key", () -> encryptedKey())
                        .secret(
                                "privateKeyPassword",
                                "corpus-long-password",
                                () -> text('p', MAX_TEXT + 1))
                        .refused("privateKeyPassword"));
        cases.add(
                c("privateKeyPassword of 5 MB", o)
                        .key("corpus-encrypted-key", () -> encryptedKey())
                        .secret(
                                "privateKeyPassword",
                                "corpus-huge-password",
                                () -> text('p', FIVE_MB))
                        .refused("privateKeyPassword"));
        cases.add(
                c("privateKey: a valid key after text that takes it past 16,384 characters", o)
                        .key(
                                "corpus-padded-key",
                                () -> padded(HostileKeys.goodPem(), MAX_KEY_TEXT + 1))
                        .e2e()
                        .refused("privateKey"));
        cases.add(
                c("privateKey: a valid key after 5 MB of text", o)
                        .key("corpus-5mb-padded-key", () -> padded(HostileKeys.goodPem(), FIVE_MB))
                        .refused("privateKey"));
        cases.add(
                c("privateKey: 5 MB of base64", o)
                        .key(
                                "corpus-5mb-base64",
                                () ->
                                        Base64.getEncoder()
                                                .encodeToString(
                                                        HostileKeys.randomBytes(FIVE_MB * 3 / 4)))
                        .refused("privateKey"));
        return cases;
    }

    // ---------------------------------------------------------------------------------------
    // Control characters and line breaks

    private static List<HostileInput> controlCharacters() {
        Category cc = Category.CONTROL_CHARACTERS;
        return List.of(
                c("algorithm forges a log line", cc)
                        .set("algorithm", "RS256\nINFO  [main] signed token for admin")
                        .e2e()
                        .refused("algorithm"),
                c("algorithm forges a log line with CR LF", cc)
                        .set("algorithm", "RS256\r\n2026-01-01 WARN forged entry")
                        .refused("algorithm"),
                c("algorithm carries ANSI escapes", cc)
                        .set("algorithm", "\u001b[2J\u001b[31mRS256\u001b[0m")
                        .e2e()
                        .refused("algorithm"),
                c("algorithm carries a NUL", cc)
                        .set("algorithm", "RS\u0000256")
                        .refused("algorithm"),
                c("algorithm ends in a backspace run", cc)
                        .set("algorithm", "HS256\b\b\b\b\bRS256")
                        .refused("algorithm"),
                c("ttlInSecond has a line break inside", cc)
                        .set("ttlInSecond", "36\n00")
                        .refused("ttlInSecond"),
                c("ttlInSecond ends in a NUL", cc)
                        .set("ttlInSecond", "3600\u0000")
                        .refused("ttlInSecond"),
                c("issuer with a NUL is signed verbatim", cc)
                        .set("issuer", "issuer\u0000@corpus.test")
                        .accepted(
                                jwt ->
                                        assertThat(claims(jwt).getIssuer())
                                                .isEqualTo("issuer\u0000@corpus.test")),
                c("subject with line breaks is signed verbatim", cc)
                        .set("subject", "line one\nline two\r\nline three")
                        .e2e()
                        .accepted(
                                jwt ->
                                        assertThat(claims(jwt).getSubject())
                                                .isEqualTo("line one\nline two\r\nline three")),
                c("privateKeyId with a line break is signed verbatim", cc)
                        .set("privateKeyId", "kid\nINFO forged")
                        .accepted(
                                jwt ->
                                        assertThat(jwt.getHeader().getKeyID())
                                                .isEqualTo("kid\nINFO forged")),
                c("jti with ANSI escapes is signed verbatim", cc)
                        .set("jti", "\u001b[31mjti-1\u001b[0m")
                        .accepted(
                                jwt ->
                                        assertThat(claims(jwt).getJWTID())
                                                .isEqualTo("\u001b[31mjti-1\u001b[0m")),
                c("audience with a header injection is one audience", cc)
                        .set("audience", AUDIENCE + "\r\nX-Injected: 1")
                        .accepted(
                                jwt ->
                                        assertThat(payload(jwt).get("aud"))
                                                .isEqualTo(AUDIENCE + "\r\nX-Injected: 1")),
                c("scopes separated by a line break", cc)
                        .set("scopes", "read\nwrite")
                        .accepted(
                                jwt ->
                                        assertThat(claims(jwt).getStringClaim("scope"))
                                                .isEqualTo("read write")),
                c("additional claim with control characters is signed verbatim", cc)
                        .set("additionalClaims", Map.of("note", "a\u0000b\u0007c\u001bd"))
                        .accepted(
                                jwt ->
                                        assertThat(claims(jwt).getStringClaim("note"))
                                                .isEqualTo("a\u0000b\u0007c\u001bd")));
    }

    // ---------------------------------------------------------------------------------------
    // Unicode oddities

    private static List<HostileInput> unicode() {
        Category u = Category.UNICODE;
        return List.of(
                c("algorithm in fullwidth letters", u)
                        .set("algorithm", "ＲＳ２５６")
                        .e2e()
                        .refused("algorithm"),
                c("algorithm with a zero-width space", u)
                        .set("algorithm", "RS256\u200b")
                        .refused("algorithm"),
                c("algorithm behind a right-to-left override", u)
                        .set("algorithm", "\u202eRS256")
                        .refused("algorithm"),
                c("algorithm with a Cyrillic S", u)
                        .set("algorithm", "\u0405S256")
                        .refused("algorithm"),
                c("algorithm with a combining accent", u)
                        .set("algorithm", "RS256\u0301")
                        .refused("algorithm"),
                c("algorithm ends in a lone surrogate", u)
                        .set("algorithm", "RS256\ud800")
                        .refused("algorithm"),
                c("algorithm with a byte-order mark", u)
                        .set("algorithm", "\ufeffRS256")
                        .refused("algorithm"),
                c("issuer of 1,100 emoji (over the bound however counted)", u)
                        .set("issuer", "\ud83d\udd11".repeat(1_100))
                        .refused("issuer"),
                c("subject in CJK and an emoji is signed verbatim", u)
                        .set("subject", "用户@例子.测试 \ud83d\udd11")
                        .e2e()
                        .accepted(
                                jwt ->
                                        assertThat(claims(jwt).getSubject())
                                                .isEqualTo("用户@例子.测试 \ud83d\udd11")),
                c("subject with a byte-order mark is signed verbatim", u)
                        .set("subject", "\ufeffsubject")
                        .accepted(
                                jwt ->
                                        assertThat(claims(jwt).getSubject())
                                                .isEqualTo("\ufeffsubject")),
                c("issuer behind a right-to-left override is signed verbatim", u)
                        .set("issuer", "\u202etset.suproc@reussi")
                        .accepted(
                                jwt ->
                                        assertThat(claims(jwt).getIssuer())
                                                .isEqualTo("\u202etset.suproc@reussi")),
                c("claim name and value in Unicode", u)
                        .set("additionalClaims", Map.of("ünïcödé", "✓ ok"))
                        .accepted(
                                jwt ->
                                        assertThat(claims(jwt).getStringClaim("ünïcödé"))
                                                .isEqualTo("✓ ok")));
    }

    // ---------------------------------------------------------------------------------------
    // Numbers: ttlInSecond, ttlInSeconds, notBefore

    private static List<HostileInput> numbers() {
        Category n = Category.NUMBERS;
        List<HostileInput> cases = new ArrayList<>();
        List<String> badTexts =
                List.of(
                        "1e2147483600",
                        "-1e2147483600",
                        "1e-2147483600",
                        "NaN",
                        "Infinity",
                        "-Infinity",
                        "0x10",
                        "3600.5",
                        "3,600",
                        "3600s");
        for (String text : badTexts) {
            cases.add(
                    c("ttlInSecond is \"" + text + "\"", n)
                            .set("ttlInSecond", text)
                            .e2eIf(text.equals("1e2147483600") || text.equals("1e-2147483600"))
                            .refused("ttlInSecond"));
        }
        cases.add(c("ttlInSecond is 0", n).set("ttlInSecond", 0).refused("ttlInSecond"));
        cases.add(c("ttlInSecond is -1", n).set("ttlInSecond", -1).refused("ttlInSecond"));
        cases.add(
                c("ttlInSecond is 86401, a second over a day", n)
                        .set("ttlInSecond", 86_401)
                        .refused("ttlInSecond"));
        cases.add(
                c("ttlInSecond is Long.MAX_VALUE", n)
                        .set("ttlInSecond", Long.MAX_VALUE)
                        .refused("ttlInSecond"));
        cases.add(
                c("ttlInSecond is \"9223372036854775808\", past Long", n)
                        .set("ttlInSecond", "9223372036854775808")
                        .refused("ttlInSecond"));
        cases.add(
                c("ttlInSecond is a numeric string of 33 characters", n)
                        .set("ttlInSecond", "0".repeat(29) + "3600")
                        .refused("ttlInSecond"));
        cases.add(
                c("ttlInSecond is a numeric string of 32 characters", n)
                        .set("ttlInSecond", "0".repeat(28) + "3600")
                        .accepted(lifetime(3600)));
        cases.add(
                c("ttlInSecond is a BigDecimal 1e2147483600", n)
                        .set("ttlInSecond", new BigDecimal("1e2147483600"))
                        .refused("ttlInSecond"));
        cases.add(
                c("ttlInSecond is a BigDecimal -1e2147483600", n)
                        .set("ttlInSecond", new BigDecimal("-1e2147483600"))
                        .refused("ttlInSecond"));
        cases.add(
                c("ttlInSecond is a BigDecimal 1e-2147483600", n)
                        .set("ttlInSecond", new BigDecimal("1e-2147483600"))
                        .refused("ttlInSecond"));
        cases.add(
                c("ttlInSecond is a BigInteger of 10,001 digits", n)
                        .lazy("ttlInSecond", () -> BigInteger.TEN.pow(10_000))
                        .refused("ttlInSecond"));
        cases.add(
                c("ttlInSecond is a JSON number of 1e400", n)
                        .set("ttlInSecond", new BigDecimal("1e400"))
                        .e2e()
                        .refused("ttlInSecond"));
        cases.add(
                c("ttlInSecond is a double NaN", n)
                        .set("ttlInSecond", Double.NaN)
                        .refused("ttlInSecond"));
        cases.add(
                c("ttlInSecond is a double Infinity", n)
                        .set("ttlInSecond", Double.POSITIVE_INFINITY)
                        .refused("ttlInSecond"));
        cases.add(c("ttlInSecond is 3600.5", n).set("ttlInSecond", 3600.5).refused("ttlInSecond"));
        cases.add(c("ttlInSecond is 1e300", n).set("ttlInSecond", 1e300).refused("ttlInSecond"));
        cases.add(
                c("ttlInSecond is 3600.0", n)
                        .set("ttlInSecond", 3600.0)
                        .e2e()
                        .accepted(lifetime(3600)));
        cases.add(
                c("ttlInSecond is a BigDecimal 3600.000", n)
                        .set("ttlInSecond", new BigDecimal("3600.000"))
                        .accepted(lifetime(3600)));
        cases.add(
                c("ttlInSecond is \"3600\"", n)
                        .set("ttlInSecond", "3600")
                        .accepted(lifetime(3600)));
        cases.add(
                c("ttlInSecond is \"  3600 \"", n)
                        .set("ttlInSecond", "  3600 ")
                        .accepted(lifetime(3600)));
        cases.add(
                c("ttlInSecond is 86400, a day", n)
                        .set("ttlInSecond", 86_400)
                        .accepted(lifetime(86_400)));
        cases.add(c("ttlInSecond is missing", n).without("ttlInSecond").refused("ttlInSecond"));

        for (String text : List.of("1e2147483600", "-1e2147483600", "NaN")) {
            cases.add(
                    c("ttlInSeconds is \"" + text + "\"", n)
                            .without("ttlInSecond")
                            .set("ttlInSeconds", text)
                            .e2eIf(text.equals("-1e2147483600"))
                            .refused("ttlInSeconds"));
        }
        cases.add(
                c("ttlInSeconds alone is 7200", n)
                        .without("ttlInSecond")
                        .set("ttlInSeconds", 7200)
                        .accepted(lifetime(7200)));
        cases.add(
                c("both TTL spellings agree", n)
                        .set("ttlInSecond", 3600)
                        .set("ttlInSeconds", "3600")
                        .accepted(lifetime(3600)));
        cases.add(
                c("both TTL spellings disagree", n)
                        .set("ttlInSecond", 3600)
                        .set("ttlInSeconds", 60)
                        .e2e()
                        .refused("ttlInSeconds"));
        cases.add(
                c("ttlInSecond is valid and ttlInSeconds is \"1e2147483600\"", n)
                        .set("ttlInSeconds", "1e2147483600")
                        .refused("ttlInSeconds"));

        for (String text :
                List.of(
                        "1e2147483600",
                        "-1e2147483600",
                        "1e-2147483600",
                        "NaN",
                        "Infinity",
                        "0x10",
                        "10.5")) {
            cases.add(
                    c("notBefore is \"" + text + "\"", n)
                            .set("notBefore", text)
                            .e2eIf(text.equals("1e2147483600"))
                            .refused("notBefore"));
        }
        cases.add(
                c("notBefore is a BigDecimal 1e2147483600", n)
                        .set("notBefore", new BigDecimal("1e2147483600"))
                        .refused("notBefore"));
        cases.add(c("notBefore is -1", n).set("notBefore", -1).refused("notBefore"));
        cases.add(c("notBefore equals the TTL", n).set("notBefore", TTL).refused("notBefore"));
        cases.add(
                c("notBefore is 10.0", n)
                        .set("notBefore", 10.0)
                        .accepted(jwt -> assertThat(nbfAfterIat(jwt)).isEqualTo(10)));
        cases.add(
                c("notBefore is one second short of the TTL", n)
                        .set("notBefore", TTL - 1)
                        .accepted(jwt -> assertThat(nbfAfterIat(jwt)).isEqualTo(TTL - 1)));
        return cases;
    }

    // ---------------------------------------------------------------------------------------
    // Algorithm

    private static List<HostileInput> algorithms() {
        Category a = Category.ALGORITHM;
        List<HostileInput> cases = new ArrayList<>();
        List<String> nones =
                List.of(
                        "none",
                        "NONE",
                        "None",
                        "nOnE",
                        " none ",
                        "none\n",
                        "\tnone",
                        "none\u0000",
                        "ｎｏｎｅ",
                        "non\u0435");
        for (String none : nones) {
            cases.add(
                    c("algorithm " + printable(none), a)
                            .set("algorithm", none)
                            .e2eIf(none.equals("none"))
                            .refused("algorithm"));
        }
        for (String unknown :
                List.of(
                        "RS1",
                        "HS128",
                        "ES256K",
                        "RSA-OAEP-256",
                        "dir",
                        "RS256,HS256",
                        "PS256; DROP TABLE")) {
            cases.add(
                    c("algorithm " + printable(unknown) + " is unknown", a)
                            .set("algorithm", unknown)
                            .e2eIf(unknown.equals("ES256K"))
                            .refused("algorithm"));
        }
        cases.add(
                c("algorithm holds an HMAC secret (fields swapped)", a)
                        .secret(
                                "algorithm",
                                "corpus-secret-as-algorithm",
                                HostileKeys::hmacSecretBase64)
                        .e2e()
                        .refused("algorithm"));
        cases.add(
                c("algorithm holds a PEM private key (fields swapped)", a)
                        .secret("algorithm", "corpus-key-as-algorithm", HostileKeys::strayPem)
                        .refused("algorithm"));
        cases.add(
                c("algorithm rs256 in lower case", a)
                        .set("algorithm", "rs256")
                        .e2e()
                        .accepted(standard()));
        cases.add(
                c("algorithm Ps256 in mixed case", a)
                        .set("algorithm", "Ps256")
                        .accepted(alg("PS256")));
        cases.add(
                c("algorithm es256 in lower case", a)
                        .key("corpus-p256-pkcs8", () -> TestKeys.pkcs8Pem(HostileKeys.p256()))
                        .set("algorithm", "es256")
                        .accepted(() -> HostileKeys.p256().getPublic(), alg("ES256")));
        cases.add(
                c("algorithm eddsa in lower case", a)
                        .key("corpus-ed25519", () -> TestKeys.pkcs8Pem(HostileKeys.ed25519()))
                        .set("algorithm", "eddsa")
                        .accepted(() -> HostileKeys.ed25519().getPublic(), alg("EdDSA")));
        cases.add(
                c("algorithm hs256 in lower case", a)
                        .key("corpus-hmac-base64", () -> "base64:" + HostileKeys.hmacSecretBase64())
                        .set("algorithm", "hs256")
                        .accepted(HostileKeys::hmacSecret, alg("HS256")));
        cases.add(
                c("algorithm absent: the default RS256", a)
                        .without("algorithm")
                        .accepted(standard()));
        return cases;
    }

    // ---------------------------------------------------------------------------------------
    // Keys

    private static List<HostileInput> keys() {
        Category k = Category.KEYS;
        List<HostileInput> cases = new ArrayList<>();
        // Accepted: every format users bring.
        cases.add(
                c("PKCS#1 RSA key", k)
                        .key("corpus-pkcs1", () -> TestKeys.pkcs1Pem(goodKey()))
                        .e2e()
                        .accepted(standard()));
        cases.add(
                c("SEC1 P-256 key for ES256", k)
                        .key("corpus-p256-sec1", () -> TestKeys.sec1Pem(HostileKeys.p256()))
                        .set("algorithm", "ES256")
                        .e2e()
                        .accepted(() -> HostileKeys.p256().getPublic(), alg("ES256")));
        cases.add(
                c("SEC1 P-256 key after its EC PARAMETERS block", k)
                        .key(
                                "corpus-p256-sec1-params",
                                () ->
                                        TestKeys.pem(
                                                        "EC PARAMETERS",
                                                        new byte[] {
                                                            6, 8, 42, -122, 72, -50, 61, 3, 1, 7
                                                        })
                                                + TestKeys.sec1Pem(HostileKeys.p256()))
                        .set("algorithm", "ES256")
                        .accepted(() -> HostileKeys.p256().getPublic(), alg("ES256")));
        cases.add(
                c("PKCS#8 P-384 key for ES384", k)
                        .key("corpus-p384", () -> TestKeys.pkcs8Pem(HostileKeys.p384()))
                        .set("algorithm", "ES384")
                        .accepted(() -> HostileKeys.p384().getPublic(), alg("ES384")));
        cases.add(
                c("PKCS#8 P-521 key for ES512", k)
                        .key("corpus-p521", () -> TestKeys.pkcs8Pem(HostileKeys.p521()))
                        .set("algorithm", "ES512")
                        .accepted(() -> HostileKeys.p521().getPublic(), alg("ES512")));
        cases.add(
                c("Ed25519 key for EdDSA", k)
                        .key("corpus-ed25519", () -> TestKeys.pkcs8Pem(HostileKeys.ed25519()))
                        .set("algorithm", "EdDSA")
                        .accepted(() -> HostileKeys.ed25519().getPublic(), alg("EdDSA")));
        cases.add(
                c("Ed448 key for EdDSA", k)
                        .key("corpus-ed448", () -> TestKeys.pkcs8Pem(HostileKeys.ed448()))
                        .set("algorithm", "EdDSA")
                        .e2e()
                        .accepted(() -> HostileKeys.ed448().getPublic(), alg("EdDSA")));
        cases.add(
                c("RSASSA-PSS key for PS256", k)
                        .key("corpus-rsa-pss", () -> TestKeys.pkcs8Pem(HostileKeys.rsaPss()))
                        .set("algorithm", "PS256")
                        .accepted(() -> HostileKeys.rsaPss().getPublic(), alg("PS256")));
        cases.add(
                c("RSA key whose line breaks arrived as \\n", k)
                        .key(
                                "corpus-escaped-newlines",
                                () -> HostileKeys.goodPem().replace("\n", "\\n"))
                        .accepted(standard()));
        cases.add(
                c("RSA key with CR LF line breaks", k)
                        .key("corpus-crlf", () -> HostileKeys.goodPem().replace("\n", "\r\n"))
                        .accepted(standard()));
        cases.add(
                c("RSA key flattened onto one line", k)
                        .key("corpus-one-line", () -> HostileKeys.goodPem().replace("\n", " "))
                        .accepted(standard()));
        cases.add(
                c("RSA key after openssl pkcs12's Bag Attributes", k)
                        .key(
                                "corpus-bag-attributes",
                                () ->
                                        "Bag Attributes\n    localKeyID: 01 00 00 00\nKey Attributes: <No"
                                                + " Attributes>\n"
                                                + HostileKeys.goodPem())
                        .accepted(standard()));
        cases.add(
                c("private RSA JWK, its kid used", k)
                        .key("corpus-rsa-jwk", () -> TestKeys.privateJwk(goodKey(), "jwk-kid-1"))
                        .without("privateKeyId")
                        .e2e()
                        .accepted(
                                jwt ->
                                        assertThat(jwt.getHeader().getKeyID())
                                                .isEqualTo("jwk-kid-1")));
        cases.add(
                c("private EC JWK for ES256", k)
                        .key(
                                "corpus-ec-jwk",
                                () -> TestKeys.privateJwk(HostileKeys.p256(), "ec-kid"))
                        .set("algorithm", "ES256")
                        .accepted(() -> HostileKeys.p256().getPublic(), alg("ES256")));
        cases.add(
                c("Google service-account file supplies issuer, subject and kid", k)
                        .key(
                                "corpus-service-account",
                                () ->
                                        TestKeys.serviceAccountJson(
                                                goodKey(),
                                                "sa-kid-1",
                                                "svc@corpus.iam.gserviceaccount.com"))
                        .without("issuer")
                        .without("subject")
                        .without("privateKeyId")
                        .accepted(
                                jwt -> {
                                    assertThat(claims(jwt).getIssuer())
                                            .isEqualTo("svc@corpus.iam.gserviceaccount.com");
                                    assertThat(claims(jwt).getSubject())
                                            .isEqualTo("svc@corpus.iam.gserviceaccount.com");
                                    assertThat(jwt.getHeader().getKeyID()).isEqualTo("sa-kid-1");
                                }));

        // Refused: not a private key.
        cases.add(
                refusedKey("RSA public key", "corpus-public-key", HostileKeys::publicKeyPem)
                        .e2e()
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "PKCS#1 RSA public key",
                                "corpus-rsa-public-key",
                                HostileKeys::rsaPublicKeyPem)
                        .refused("privateKey"));
        cases.add(
                refusedKey("X.509 certificate", "corpus-certificate", HostileKeys::certificatePem)
                        .e2e()
                        .refused("privateKey"));
        cases.add(
                refusedKey("OpenSSH private key", "corpus-openssh", HostileKeys::openSshPem)
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "legacy encrypted PEM (Proc-Type, DEK-Info)",
                                "corpus-legacy-encrypted",
                                HostileKeys::legacyEncryptedPem)
                        .e2e()
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "legacy encrypted PEM with a password",
                                "corpus-legacy-encrypted",
                                HostileKeys::legacyEncryptedPem)
                        .password()
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "PEM body with characters outside base64",
                                "corpus-garbled-base64",
                                () -> HostileKeys.goodPem().replace("MII", "M!I*"))
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "PEM of half a key's DER",
                                "corpus-truncated-der",
                                () -> truncated(goodKey()))
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "PEM of random bytes",
                                "corpus-random-der",
                                () -> TestKeys.pem("PRIVATE KEY", HostileKeys.randomBytes(1200)))
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "PEM whose END label differs",
                                "corpus-mismatched-end",
                                () ->
                                        HostileKeys.goodPem()
                                                .replace("END PRIVATE KEY", "END RSA PRIVATE KEY"))
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "PEM without its END line",
                                "corpus-no-end",
                                () -> HostileKeys.goodPem().replaceAll("-----END[^\n]*\n", ""))
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "16 KB of unterminated BEGIN lines",
                                "corpus-begin-lines-16k",
                                () -> beginLines(MAX_KEY_TEXT - 400))
                        .e2e()
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "100 KB of unterminated BEGIN lines",
                                "corpus-begin-lines-100k",
                                () -> beginLines(100 * 1024))
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "plain text, no key at all",
                                "corpus-not-a-key",
                                () -> "hunter2-is-my-password")
                        .refused("privateKey"));

        // Refused: a key that must not sign this algorithm.
        cases.add(
                refusedKey(
                                "RSA 1024-bit key",
                                "corpus-rsa-1024",
                                () -> TestKeys.pkcs8Pem(HostileKeys.rsa1024()))
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "RSA 16384-bit key, too big",
                                "corpus-rsa-16384",
                                HostileKeys::rsa16384Pem)
                        .e2e()
                        .refused("privateKey"));
        cases.add(
                refusedKey("secp256k1 key for ES256", "corpus-secp256k1", HostileKeys::secp256k1Pem)
                        .set("algorithm", "ES256")
                        .e2e()
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "secp256k1 SEC1 key for ES256",
                                "corpus-secp256k1-sec1",
                                HostileKeys::secp256k1Sec1Pem)
                        .set("algorithm", "ES256")
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "brainpoolP256r1 key for ES256",
                                "corpus-brainpool",
                                HostileKeys::brainpoolP256r1Pem)
                        .set("algorithm", "ES256")
                        .e2e()
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "P-384 key for ES256",
                                "corpus-p384",
                                () -> TestKeys.pkcs8Pem(HostileKeys.p384()))
                        .set("algorithm", "ES256")
                        .e2e()
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "P-256 key for ES384",
                                "corpus-p256-pkcs8",
                                () -> TestKeys.pkcs8Pem(HostileKeys.p256()))
                        .set("algorithm", "ES384")
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "P-521 key for ES256",
                                "corpus-p521",
                                () -> TestKeys.pkcs8Pem(HostileKeys.p521()))
                        .set("algorithm", "ES256")
                        .refused("privateKey"));
        cases.add(
                refusedKey("RSA key for ES256", "jwt-privatekey", HostileKeys::goodPem)
                        .set("algorithm", "ES256")
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "P-256 key for RS256",
                                "corpus-p256-pkcs8",
                                () -> TestKeys.pkcs8Pem(HostileKeys.p256()))
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "Ed25519 key for ES256",
                                "corpus-ed25519",
                                () -> TestKeys.pkcs8Pem(HostileKeys.ed25519()))
                        .set("algorithm", "ES256")
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "Ed448 key for RS256",
                                "corpus-ed448",
                                () -> TestKeys.pkcs8Pem(HostileKeys.ed448()))
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "P-256 key for EdDSA",
                                "corpus-p256-pkcs8",
                                () -> TestKeys.pkcs8Pem(HostileKeys.p256()))
                        .set("algorithm", "EdDSA")
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "X25519 key for EdDSA",
                                "corpus-x25519",
                                () -> TestKeys.pkcs8Pem(HostileKeys.x25519()))
                        .set("algorithm", "EdDSA")
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "DSA key for RS256",
                                "corpus-dsa",
                                () -> TestKeys.pkcs8Pem(HostileKeys.dsa()))
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "RSASSA-PSS key for RS256",
                                "corpus-rsa-pss",
                                () -> TestKeys.pkcs8Pem(HostileKeys.rsaPss()))
                        .refused("privateKey"));

        // JSON that is not a usable private key.
        cases.add(
                refusedKey(
                                "public RSA JWK",
                                "corpus-public-jwk",
                                () -> publicJwk(goodKey().getPublic()))
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "secret (oct) JWK for RS256",
                                "corpus-oct-jwk",
                                () -> TestKeys.secretJwk(HostileKeys.hmacSecret()))
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "JSON that is neither a JWK nor a service account",
                                "corpus-other-json",
                                () -> "{\"hello\":\"world\",\"n\":1}")
                        .refused("privateKey"));
        cases.add(
                refusedKey("a JSON array", "corpus-json-array", () -> "[1,2,3]")
                        .refused("privateKey"));
        cases.add(
                refusedKey("JSON nested 8,000 deep", "corpus-deep-json", () -> deepJson(8_000))
                        .e2e()
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "unterminated JSON",
                                "corpus-unterminated-json",
                                () -> "{\"kty\":\"RSA\",\"n\":\"")
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "service-account file holding a public key",
                                "corpus-service-account-public",
                                () ->
                                        "{\"type\":\"service_account\",\"private_key\":\""
                                                + HostileKeys.publicKeyPem().replace("\n", "\\n")
                                                + "\",\"client_email\":\"a@b.c\"}")
                        .refused("privateKey"));
        cases.add(
                refusedKey(
                                "service-account file whose private_key is a number",
                                "corpus-service-account-number",
                                () ->
                                        "{\"type\":\"service_account\",\"private_key\":42,\"client_email\":\"a@b.c\"}")
                        .refused("privateKey"));

        // HMAC secrets.
        cases.add(
                c("HS256 with a 32-byte base64 secret", k)
                        .key("corpus-hmac-base64", () -> "base64:" + HostileKeys.hmacSecretBase64())
                        .set("algorithm", "HS256")
                        .e2e()
                        .accepted(HostileKeys::hmacSecret, alg("HS256")));
        cases.add(
                c("HS256 with a 32-character text secret", k)
                        .key("corpus-hmac-text", () -> "a-32-character-text-secret-12345")
                        .set("algorithm", "HS256")
                        .accepted(
                                () -> TestKeys.utf8("a-32-character-text-secret-12345"),
                                alg("HS256")));
        cases.add(
                c("HS256 with a secret JWK", k)
                        .key("corpus-oct-jwk", () -> TestKeys.secretJwk(HostileKeys.hmacSecret()))
                        .set("algorithm", "HS256")
                        .accepted(HostileKeys::hmacSecret, alg("HS256")));
        cases.add(
                refusedHmac("HS256 with an empty 'base64:'", "corpus-base64-empty", () -> "base64:")
                        .e2e()
                        .refused("privateKey"));
        cases.add(
                refusedHmac(
                                "HS256 with 'base64:' and spaces",
                                "corpus-base64-spaces",
                                () -> "base64:    ")
                        .refused("privateKey"));
        cases.add(
                refusedHmac(
                                "HS256 with a 16-byte 'base64:' secret",
                                "corpus-base64-short",
                                () ->
                                        "base64:"
                                                + Base64.getEncoder()
                                                        .encodeToString(
                                                                HostileKeys.randomBytes(16)))
                        .refused("privateKey"));
        cases.add(
                refusedHmac(
                                "HS256 with 'base64:' that is not base64",
                                "corpus-base64-garbled",
                                () -> "base64:@@not*base64%%-but-long-enough-to-matter")
                        .refused("privateKey"));
        cases.add(
                refusedHmac(
                                "HS256 with a 31-character text secret",
                                "corpus-hmac-short-text",
                                () -> "a-31-character-text-secret-1234")
                        .refused("privateKey"));
        cases.add(
                refusedHmac(
                                "HS512 with a 32-byte secret",
                                "corpus-hmac-base64",
                                () -> "base64:" + HostileKeys.hmacSecretBase64())
                        .set("algorithm", "HS512")
                        .refused("privateKey"));
        cases.add(
                refusedHmac("HS256 with a PEM private key", "jwt-privatekey", HostileKeys::goodPem)
                        .e2e()
                        .refused("privateKey"));
        cases.add(
                refusedHmac(
                                "HS256 with a public JWK",
                                "corpus-public-jwk",
                                () -> publicJwk(goodKey().getPublic()))
                        .refused("privateKey"));
        cases.add(
                refusedHmac(
                                "HS256 with a private RSA JWK",
                                "corpus-rsa-jwk",
                                () -> TestKeys.privateJwk(goodKey(), "jwk-kid-1"))
                        .refused("privateKey"));
        return cases;
    }

    // ---------------------------------------------------------------------------------------
    // Encrypted keys and passwords

    private static List<HostileInput> passwords() {
        Category p = Category.PASSWORD;
        List<HostileInput> cases = new ArrayList<>();
        cases.add(
                c("encrypted PKCS#8 key with its password", p)
                        .key("corpus-encrypted-key", () -> encryptedKey())
                        .password()
                        .e2e()
                        .accepted(standard()));
        cases.add(
                c("encrypted PKCS#8 at the PBKDF2-HMAC-SHA512 ceiling of 50,000", p)
                        .key(
                                "corpus-pbkdf2-sha512-50000",
                                () -> HostileKeys.encryptedPem("HmacSHA512", 50_000))
                        .password()
                        .accepted(standard()));
        cases.add(
                c("PBKDF2 iteration count of 2^31-1", p)
                        .key(
                                "corpus-pbkdf2-max-int",
                                () ->
                                        HostileKeys.encryptedPemClaiming(
                                                "HmacSHA256", Integer.MAX_VALUE))
                        .password()
                        .e2e()
                        .refused("privateKey"));
        cases.add(
                c("PBKDF2-HMAC-SHA256 one over the ceiling: 50,001", p)
                        .key(
                                "corpus-pbkdf2-sha256-50001",
                                () -> HostileKeys.encryptedPemClaiming("HmacSHA256", 50_001))
                        .password()
                        .refused("privateKey"));
        cases.add(
                c("PBKDF2-HMAC-SHA256 at OWASP's 600,000", p)
                        .key(
                                "corpus-pbkdf2-sha256-600000",
                                () -> HostileKeys.encryptedPemClaiming("HmacSHA256", 600_000))
                        .password()
                        .refused("privateKey"));
        cases.add(
                c("PBKDF2-HMAC-SHA1 at OWASP's 1,300,001", p)
                        .key(
                                "corpus-pbkdf2-sha1-1300001",
                                () -> HostileKeys.encryptedPemClaiming("HmacSHA1", 1_300_001))
                        .password()
                        .refused("privateKey"));
        cases.add(
                c("PBKDF2-HMAC-SHA512 one over the ceiling: 50,001", p)
                        .key(
                                "corpus-pbkdf2-sha512-50001",
                                () -> HostileKeys.encryptedPemClaiming("HmacSHA512", 50_001))
                        .password()
                        .refused("privateKey"));
        cases.add(
                c("PKCS#12 PBE (no PBKDF2) with 2^31-1 iterations", p)
                        .key(
                                "corpus-pkcs12-pbe-max-int",
                                () -> HostileKeys.pkcs12PbePemClaiming(Integer.MAX_VALUE))
                        .password()
                        .refused("privateKey"));
        cases.add(
                c("encrypted key with a wrong password", p)
                        .key("corpus-encrypted-key", () -> encryptedKey())
                        .secret(
                                "privateKeyPassword",
                                "corpus-wrong-password",
                                () -> "not-the-password-0042")
                        .e2e()
                        .refused("privateKeyPassword"));
        cases.add(
                c("encrypted key without a password", p)
                        .key("corpus-encrypted-key", () -> encryptedKey())
                        .refused("privateKey"));
        cases.add(
                c("password for an unencrypted key", p)
                        .password()
                        .e2e()
                        .refused("privateKeyPassword"));
        cases.add(
                c("password for an HMAC secret", p)
                        .key("corpus-hmac-base64", () -> "base64:" + HostileKeys.hmacSecretBase64())
                        .set("algorithm", "HS256")
                        .password()
                        .refused("privateKeyPassword"));
        cases.add(
                c("password for a JWK", p)
                        .key("corpus-rsa-jwk", () -> TestKeys.privateJwk(goodKey(), "jwk-kid-1"))
                        .password()
                        .refused("privateKeyPassword"));
        return cases;
    }

    // ---------------------------------------------------------------------------------------
    // Audience

    private static List<HostileInput> audiences() {
        Category a = Category.AUDIENCE;
        List<HostileInput> cases = new ArrayList<>();
        cases.add(
                c("audience with a comma is one audience, written as a string", a)
                        .set("audience", "https://api.example.com/x,y")
                        .e2e()
                        .accepted(
                                jwt ->
                                        assertThat(payload(jwt).get("aud"))
                                                .isEqualTo("https://api.example.com/x,y")));
        cases.add(
                c("audience with a space is one audience, written as a string", a)
                        .set("audience", "urn:one urn:two")
                        .accepted(
                                jwt ->
                                        assertThat(payload(jwt).get("aud"))
                                                .isEqualTo("urn:one urn:two")));
        cases.add(
                c("audience list of two is written as an array", a)
                        .set("audience", List.of("urn:one", "urn:two"))
                        .accepted(
                                jwt ->
                                        assertThat(payload(jwt).get("aud"))
                                                .isEqualTo(List.of("urn:one", "urn:two"))));
        cases.add(
                c("audience list of 16", a)
                        .set("audience", audienceList(MAX_AUDIENCES))
                        .accepted(
                                jwt ->
                                        assertThat(claims(jwt).getAudience())
                                                .hasSize(MAX_AUDIENCES)));
        cases.add(
                c("audience list of 17", a)
                        .set("audience", audienceList(MAX_AUDIENCES + 1))
                        .e2e()
                        .refused("audience"));
        cases.add(
                c("audience list of 100,000", a)
                        .lazy("audience", () -> audienceList(100_000))
                        .refused("audience"));
        cases.add(
                c("audience list holds a number", a)
                        .set("audience", List.of(AUDIENCE, 5))
                        .refused("audience"));
        cases.add(
                c("audience list holds an object", a)
                        .set("audience", List.of(Map.of("aud", AUDIENCE)))
                        .refused("audience"));
        cases.add(
                c("audience list holds null", a)
                        .set("audience", nullableList(AUDIENCE, null))
                        .refused("audience"));
        return cases;
    }

    // ---------------------------------------------------------------------------------------
    // Scopes

    private static List<HostileInput> scopes() {
        Category s = Category.SCOPES;
        return List.of(
                c("scopes list of 64", s)
                        .set("scopes", scopeList(MAX_SCOPES))
                        .accepted(
                                jwt ->
                                        assertThat(claims(jwt).getStringClaim("scope").split(" "))
                                                .hasSize(MAX_SCOPES)),
                c("scopes list of 65", s)
                        .set("scopes", scopeList(MAX_SCOPES + 1))
                        .e2e()
                        .refused("scopes"),
                c("scopes string of 65 words", s)
                        .set("scopes", String.join(" ", scopeList(MAX_SCOPES + 1)))
                        .refused("scopes"),
                c("scopes string of 100,000 commas", s)
                        .lazy("scopes", () -> "a,".repeat(100_000))
                        .refused("scopes"),
                c("scopes separated by commas and spaces", s)
                        .set("scopes", "read,write  admin")
                        .e2e()
                        .accepted(
                                jwt ->
                                        assertThat(claims(jwt).getStringClaim("scope"))
                                                .isEqualTo("read write admin")),
                // RFC 6749 §3.3: a scope-token has no space, '"' or '\\'; joined with spaces into
                // the claim, ["read write", "admin"] would grant three scopes.
                c("scopes list item holds a space (scope injection)", s)
                        .set("scopes", List.of("read write", "admin"))
                        .e2e()
                        .refused("scopes"),
                c("scopes list item holds a double quote", s)
                        .set("scopes", List.of("read\"admin"))
                        .refused("scopes"),
                c("scopes string part holds a backslash", s)
                        .set("scopes", "read admin\\x")
                        .refused("scopes"),
                c("scopes list item holds a non-ASCII letter", s)
                        .set("scopes", List.of("r\u00e9ad"))
                        .refused("scopes"),
                c("scopes list holds an empty string", s)
                        .set("scopes", List.of("read", ""))
                        .refused("scopes"),
                c("scopes list holds a number", s)
                        .set("scopes", List.of("read", 7))
                        .refused("scopes"),
                c("scopes list holds an object", s)
                        .set("scopes", List.of(Map.of("s", "read")))
                        .refused("scopes"));
    }

    // ---------------------------------------------------------------------------------------
    // additionalClaims

    private static List<HostileInput> claims() {
        Category cl = Category.CLAIMS;
        List<HostileInput> cases = new ArrayList<>();
        for (String reserved : List.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "scope")) {
            cases.add(
                    c("additional claim '" + reserved + "' is set by another input", cl)
                            .set("additionalClaims", Map.of(reserved, "x"))
                            .e2eIf(reserved.equals("exp"))
                            .refused("additionalClaims"));
        }
        cases.add(
                c("additional claim with an empty name", cl)
                        .set("additionalClaims", Map.of("", "x"))
                        .e2e()
                        .refused("additionalClaims"));
        cases.add(
                c("additional claim name of 129 characters", cl)
                        .set("additionalClaims", Map.of(text('n', MAX_NAME + 1), 1))
                        .refused("additionalClaims"));
        cases.add(
                c("additional claim name of 128 characters", cl)
                        .set("additionalClaims", Map.of(text('n', MAX_NAME), 1))
                        .accepted(
                                jwt ->
                                        assertThat(claims(jwt).getClaim(text('n', MAX_NAME)))
                                                .isEqualTo(1L)));
        cases.add(
                c("100,000 additional claims", cl)
                        .lazy("additionalClaims", () -> manyClaims(100_000))
                        .refused("additionalClaims"));
        cases.add(
                c("257 additional claims", cl)
                        .lazy("additionalClaims", () -> manyClaims(MAX_VALUES + 1))
                        .refused("additionalClaims"));
        cases.add(
                c("200 additional claims", cl)
                        .lazy("additionalClaims", () -> manyClaims(200))
                        .accepted(jwt -> assertThat(claims(jwt).getClaim("c199")).isEqualTo(199L)));
        cases.add(
                c("a list claim of 300 items", cl)
                        .set(
                                "additionalClaims",
                                Map.of("items", IntStream.range(0, 300).boxed().toList()))
                        .refused("additionalClaims"));
        cases.add(
                c("a 1 MB additional claim", cl)
                        .lazy("additionalClaims", () -> Map.of("blob", text('b', ONE_MB)))
                        .e2e()
                        .refused("additionalClaims"));
        cases.add(
                c("an additional claim of 4,097 characters", cl)
                        .set("additionalClaims", Map.of("note", text('b', MAX_NESTED_TEXT + 1)))
                        .refused("additionalClaims"));
        cases.add(
                c("an additional claim of 4,096 characters", cl)
                        .set("additionalClaims", Map.of("note", text('b', MAX_NESTED_TEXT)))
                        .accepted(
                                jwt ->
                                        assertThat(claims(jwt).getStringClaim("note"))
                                                .hasSize(MAX_NESTED_TEXT)));
        cases.add(
                c("additional claims nested 50 deep", cl)
                        .set("additionalClaims", nested(50))
                        .e2e()
                        .refused("additionalClaims"));
        cases.add(
                c("additional claims nested 10,000 deep", cl)
                        .lazy("additionalClaims", () -> nested(10_000))
                        .refused("additionalClaims"));
        cases.add(
                c("additional claims nested 3 deep", cl)
                        .set("additionalClaims", nested(3))
                        .accepted(
                                jwt ->
                                        assertThat(claims(jwt).getJSONObjectClaim("a"))
                                                .isNotNull()));
        cases.add(
                c("additional claim NaN", cl)
                        .set("additionalClaims", Map.of("n", Double.NaN))
                        .refused("additionalClaims"));
        cases.add(
                c("additional claim Infinity", cl)
                        .set("additionalClaims", Map.of("n", Double.NEGATIVE_INFINITY))
                        .refused("additionalClaims"));
        cases.add(
                c("additional claims of every JSON type", cl)
                        .set(
                                "additionalClaims",
                                Map.of(
                                        "tenant",
                                        "acme",
                                        "roles",
                                        List.of("reader", "writer"),
                                        "level",
                                        5,
                                        "ratio",
                                        0.5,
                                        "active",
                                        true,
                                        "profile",
                                        Map.of("region", "eu")))
                        .e2e()
                        .accepted(
                                jwt -> {
                                    JWTClaimsSet claims = claims(jwt);
                                    assertThat(claims.getStringClaim("tenant")).isEqualTo("acme");
                                    assertThat(claims.getStringListClaim("roles"))
                                            .containsExactly("reader", "writer");
                                    assertThat(claims.getLongClaim("level")).isEqualTo(5L);
                                    assertThat(claims.getDoubleClaim("ratio")).isEqualTo(0.5);
                                    assertThat(claims.getBooleanClaim("active")).isTrue();
                                    assertThat(claims.getJSONObjectClaim("profile"))
                                            .containsEntry("region", "eu");
                                }));
        return cases;
    }

    // ---------------------------------------------------------------------------------------
    // headers

    private static List<HostileInput> headers() {
        Category h = Category.HEADERS;
        List<HostileInput> cases = new ArrayList<>();
        Map<String, Object> refusedOutright = new LinkedHashMap<>();
        refusedOutright.put("alg", "none");
        refusedOutright.put("kid", "other-kid");
        refusedOutright.put("crit", List.of("exp"));
        refusedOutright.put("b64", false);
        refusedOutright.put("zip", "DEF");
        refusedOutright.put("enc", "A256GCM");
        refusedOutright.put("epk", "x");
        refusedOutright.put("apu", "YWxpY2U");
        refusedOutright.put("apv", "Ym9i");
        refusedOutright.put("iv", "AAAAAAAAAAAAAAAA");
        refusedOutright.put("tag", "AAAAAAAAAAAAAAAAAAAAAA");
        refusedOutright.put("p2s", "c2FsdA");
        refusedOutright.put("p2c", Integer.MAX_VALUE);
        refusedOutright.forEach(
                (name, value) ->
                        cases.add(
                                c("header '" + name + "'", h)
                                        .set("headers", Map.of(name, value))
                                        .e2eIf(name.equals("p2c"))
                                        .refused("headers")));
        cases.add(
                c("header 'epk' as a malformed key object", h)
                        .set("headers", Map.of("epk", Map.of("kty", "EC", "crv", "P-256")))
                        .refused("headers"));
        cases.add(
                c("header 'typ' is 5", h)
                        .set("headers", Map.of("typ", 5))
                        .e2e()
                        .refused("headers"));
        cases.add(
                c("header 'cty' is a list", h)
                        .set("headers", Map.of("cty", List.of("JWT")))
                        .refused("headers"));
        cases.add(
                c("header 'jku' over plain http", h)
                        .set("headers", Map.of("jku", "http://keys.corpus.test/jwks.json"))
                        .refused("headers"));
        cases.add(
                c("header 'jku' not a URI", h)
                        .set("headers", Map.of("jku", "not a uri at all"))
                        .e2e()
                        .refused("headers"));
        cases.add(
                c("header 'jku' a relative path", h)
                        .set("headers", Map.of("jku", "/jwks.json"))
                        .refused("headers"));
        cases.add(
                c("header 'x5u' over ftp", h)
                        .set("headers", Map.of("x5u", "ftp://keys.corpus.test/cert.pem"))
                        .refused("headers"));
        cases.add(
                c("header 'x5t' not base64url", h)
                        .set("headers", Map.of("x5t", "not*base64url!"))
                        .e2e()
                        .refused("headers"));
        cases.add(
                c("header 'x5t' of 10 bytes", h)
                        .set("headers", Map.of("x5t", base64Url(10)))
                        .refused("headers"));
        cases.add(
                c("header 'x5t' is a number", h)
                        .set("headers", Map.of("x5t", 20))
                        .refused("headers"));
        cases.add(
                c("header 'x5t#S256' of 20 bytes", h)
                        .set("headers", Map.of("x5t#S256", base64Url(20)))
                        .refused("headers"));
        cases.add(
                c("header 'x5c' an empty list", h)
                        .set("headers", Map.of("x5c", List.of()))
                        .refused("headers"));
        cases.add(
                c("header 'x5c' not base64", h)
                        .set("headers", Map.of("x5c", List.of("%%% not base64 %%%")))
                        .e2e()
                        .refused("headers"));
        cases.add(
                c("header 'x5c' a string", h)
                        .set("headers", Map.of("x5c", "MIIB"))
                        .refused("headers"));
        cases.add(
                c("header 'jwk' a string", h)
                        .set("headers", Map.of("jwk", "{\"kty\":\"EC\"}"))
                        .e2e()
                        .refused("headers"));
        cases.add(
                c("header 'jwk' missing its members", h)
                        .set("headers", Map.of("jwk", Map.of("kty", "RSA")))
                        .refused("headers"));
        cases.add(
                c("header 'jwk' a private key", h)
                        .lazy(
                                "headers",
                                () ->
                                        Map.of(
                                                "jwk",
                                                jsonMap(
                                                        TestKeys.privateJwk(
                                                                HostileKeys.p256(), "leak"))))
                        .refused("headers"));
        cases.add(
                c("header with an empty name", h)
                        .set("headers", Map.of("", "x"))
                        .refused("headers"));
        cases.add(
                c("header name of 129 characters", h)
                        .set("headers", Map.of(text('h', MAX_NAME + 1), "x"))
                        .refused("headers"));
        cases.add(
                c("a 1 MB header", h)
                        .lazy("headers", () -> Map.of("x-blob", text('b', ONE_MB)))
                        .refused("headers"));
        cases.add(c("headers nested 50 deep", h).set("headers", nested(50)).refused("headers"));

        cases.add(
                c("header 'typ' at+jwt", h)
                        .set("headers", Map.of("typ", "at+jwt"))
                        .e2e()
                        .accepted(
                                jwt ->
                                        assertThat(jwt.getHeader().getType().getType())
                                                .isEqualTo("at+jwt")));
        cases.add(
                c("header 'jku' over https", h)
                        .set("headers", Map.of("jku", "https://keys.corpus.test/jwks.json"))
                        .accepted(
                                jwt ->
                                        assertThat(jwt.getHeader().getJWKURL())
                                                .hasToString(
                                                        "https://keys.corpus.test/jwks.json")));
        cases.add(
                c("header 'x5t' of 20 bytes", h)
                        .set("headers", Map.of("x5t", thumbprint("SHA-1")))
                        .accepted(
                                jwt ->
                                        assertThat(jwt.getHeader().getX509CertThumbprint())
                                                .hasToString(thumbprint("SHA-1"))));
        cases.add(
                c("header 'x5t#S256' of 32 bytes", h)
                        .set("headers", Map.of("x5t#S256", thumbprint("SHA-256")))
                        .accepted(
                                jwt ->
                                        assertThat(jwt.getHeader().getX509CertSHA256Thumbprint())
                                                .hasToString(thumbprint("SHA-256"))));
        cases.add(
                c("header 'x5c' with the key's certificate", h)
                        .lazy(
                                "headers",
                                () ->
                                        Map.of(
                                                "x5c",
                                                List.of(
                                                        TestKeys.body(
                                                                HostileKeys.certificatePem()))))
                        .accepted(
                                jwt -> assertThat(jwt.getHeader().getX509CertChain()).hasSize(1)));
        cases.add(
                c("header 'jwk' a public EC key", h)
                        .lazy(
                                "headers",
                                () ->
                                        Map.of(
                                                "jwk",
                                                jsonMap(publicJwk(HostileKeys.p256().getPublic()))))
                        .accepted(
                                jwt -> assertThat(jwt.getHeader().getJWK().isPrivate()).isFalse()));
        cases.add(
                c("a custom header", h)
                        .set("headers", Map.of("x-tenant", "acme"))
                        .e2e()
                        .accepted(
                                jwt ->
                                        assertThat(jwt.getHeader().getCustomParam("x-tenant"))
                                                .isEqualTo("acme")));
        return cases;
    }

    // ---------------------------------------------------------------------------------------
    // Total token size

    private static List<HostileInput> tokenSize() {
        Category s = Category.TOKEN_SIZE;
        return List.of(
                c("additional claims of 7 KB", s)
                        .set("additionalClaims", claimsOfKb(7))
                        .accepted(
                                jwt -> assertThat(claims(jwt).getStringClaim("c6")).hasSize(1_000)),
                c("additional claims just over 8 KB", s)
                        .set("additionalClaims", claimsOfKb(9))
                        .e2e()
                        .refused("additionalClaims"),
                c("headers just over 8 KB", s).set("headers", claimsOfKb(9)).refused("headers"),
                c("token over 8 KB from many inputs at their bounds", s)
                        .set("issuer", text('i', MAX_TEXT))
                        .set("subject", text('s', MAX_TEXT))
                        .set("jti", text('j', MAX_TEXT))
                        .set("privateKeyId", text('k', MAX_TEXT))
                        .set(
                                "audience",
                                List.of(
                                        text('a', MAX_TEXT),
                                        text('b', MAX_TEXT),
                                        text('c', MAX_TEXT)))
                        .set("scopes", List.of(text('r', 1_000), text('w', 1_000)))
                        .e2e()
                        // The input carrying the largest part is named: the one to shorten.
                        .refused("audience"),
                c("a 1 MB subject", s)
                        .lazy("subject", () -> text('s', ONE_MB))
                        .e2e()
                        .refused("subject"));
    }

    // ---------------------------------------------------------------------------------------
    // keyName: needs a worker holding HELD_KEY_NAME

    private static List<HostileInput> keyNames() {
        Category kn = Category.KEY_NAME;
        List<HostileInput> cases = new ArrayList<>();
        cases.add(
                heldKey("keyName names the held key")
                        .accepted(jwt -> assertThat(claims(jwt).getSubject()).isEqualTo(SUBJECT)));
        cases.add(
                heldKey("keyName forges a log line")
                        .set("keyName", HELD_KEY_NAME + "\nINFO  [main] forged")
                        .e2e()
                        .refused("keyName"));
        cases.add(
                heldKey("keyName with CR LF")
                        .set("keyName", "payments\r\nWARN forged")
                        .refused("keyName"));
        cases.add(
                heldKey("keyName with ANSI escapes")
                        .set("keyName", "\u001b[31mpayments-api\u001b[0m")
                        .refused("keyName"));
        cases.add(
                heldKey("keyName with a right-to-left override")
                        .set("keyName", "\u202eipa-stnemyap")
                        .refused("keyName"));
        cases.add(
                heldKey("keyName is a PEM private key")
                        .secret("keyName", "corpus-key-as-keyname", HostileKeys::strayPem)
                        .e2e()
                        .refused("keyName"));
        cases.add(
                heldKey("keyName tries path traversal")
                        .set("keyName", "../../etc/passwd")
                        .e2e()
                        .refused("keyName"));
        cases.add(
                heldKey("keyName names no held key")
                        .set("keyName", "payments-api-v2")
                        .refused("keyName"));
        cases.add(
                heldKey("keyName of 1,025 characters")
                        .set("keyName", text('k', MAX_TEXT + 1))
                        .refused("keyName"));
        cases.add(
                heldKey("keyName of 5 MB")
                        .lazy("keyName", () -> text('k', FIVE_MB))
                        .refused("keyName"));
        cases.add(heldKey("keyName is empty").set("keyName", "").refused("keyName"));
        cases.add(heldKey("keyName is a number").set("keyName", 42).e2e().refused("keyName"));
        cases.add(
                heldKey("keyName is a list")
                        .set("keyName", List.of(HELD_KEY_NAME))
                        .refused("keyName"));
        cases.add(
                heldKey("keyName is an object")
                        .set("keyName", Map.of("name", HELD_KEY_NAME))
                        .refused("keyName"));
        cases.add(
                heldKey("keyName and privateKey both given")
                        .key(GOOD_KEY.name(), GOOD_KEY.text())
                        .refused("keyName"));
        return cases;
    }

    // ---------------------------------------------------------------------------------------
    // Building cases

    private static Case c(String name, Category category) {
        return new Case(name, category);
    }

    private static Case refusedKey(String name, String secretName, Supplier<String> text) {
        return c("privateKey: " + name, Category.KEYS).key(secretName, text);
    }

    private static Case refusedHmac(String name, String secretName, Supplier<String> text) {
        return c("privateKey: " + name, Category.KEYS)
                .key(secretName, text)
                .set("algorithm", "HS256");
    }

    private static Case heldKey(String name) {
        return c(name, Category.KEY_NAME).without("privateKey").set("keyName", HELD_KEY_NAME);
    }

    private static Secret secret(String name, Supplier<String> text) {
        return new Secret(name, () -> HostileKeys.once("secret:" + name, text));
    }

    /** A case under construction: the valid base input, changed field by field. */
    private static final class Case {
        private final String name;
        private final Category category;
        private final Map<String, Supplier<?>> plain = new LinkedHashMap<>();
        private final Map<String, Secret> secrets = new LinkedHashMap<>();
        private boolean endToEnd;

        Case(String name, Category category) {
            this.name = name;
            this.category = category;
            set("issuer", ISSUER);
            set("subject", SUBJECT);
            set("audience", AUDIENCE);
            set("ttlInSecond", TTL);
            set("privateKeyId", KEY_ID);
            set("algorithm", "RS256");
            secrets.put("privateKey", GOOD_KEY);
        }

        Case set(String field, Object value) {
            return lazy(field, () -> value);
        }

        /** A value built only when the case runs: big values are never held. */
        Case lazy(String field, Supplier<?> value) {
            secrets.remove(field);
            plain.put(field, value);
            return this;
        }

        Case without(String field) {
            plain.remove(field);
            secrets.remove(field);
            return this;
        }

        Case secret(String field, String secretName, Supplier<String> text) {
            plain.remove(field);
            secrets.put(field, HostileInputs.secret(secretName, text));
            return this;
        }

        Case key(String secretName, Supplier<String> text) {
            return secret("privateKey", secretName, text);
        }

        Case password() {
            plain.remove("privateKeyPassword");
            secrets.put("privateKeyPassword", PASSWORD);
            return this;
        }

        Case e2e() {
            endToEnd = true;
            return this;
        }

        Case e2eIf(boolean condition) {
            endToEnd |= condition;
            return this;
        }

        HostileInput refused(String... fields) {
            return build(new Refused(List.of(fields)));
        }

        HostileInput accepted(TokenCheck check) {
            return accepted(() -> goodKey().getPublic(), check);
        }

        HostileInput accepted(Supplier<Object> verificationKey, TokenCheck check) {
            return build(new Accepted(verificationKey, check));
        }

        private HostileInput build(HostileInput.Outcome outcome) {
            Map<String, Supplier<?>> plainCopy = new LinkedHashMap<>(plain);
            Supplier<Map<String, Object>> plainInputs =
                    () -> {
                        Map<String, Object> input = new LinkedHashMap<>();
                        plainCopy.forEach((field, value) -> input.put(field, value.get()));
                        return input;
                    };
            return new HostileInput(
                    name, category, endToEnd, plainInputs, Map.copyOf(secrets), outcome);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Token checks

    /** The base input's claims and header, as the independent verifier reads them. */
    public static TokenCheck standard() {
        return jwt -> {
            JWTClaimsSet claims = claims(jwt);
            assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
            assertThat(jwt.getHeader().getKeyID()).isEqualTo(KEY_ID);
            assertThat(claims.getIssuer()).isEqualTo(ISSUER);
            assertThat(claims.getSubject()).isEqualTo(SUBJECT);
            assertThat(payload(jwt).get("aud")).isEqualTo(AUDIENCE);
            assertThat(lifetimeOf(jwt)).isEqualTo(TTL);
        };
    }

    private static TokenCheck alg(String name) {
        return jwt -> {
            assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo(name);
            assertThat(claims(jwt).getSubject()).isEqualTo(SUBJECT);
        };
    }

    private static TokenCheck lifetime(long seconds) {
        return jwt -> assertThat(lifetimeOf(jwt)).isEqualTo(seconds);
    }

    private static JWTClaimsSet claims(SignedJWT jwt) throws java.text.ParseException {
        return jwt.getJWTClaimsSet();
    }

    /** The payload as JSON types: tells a string {@code aud} from an array of one. */
    private static Map<String, Object> payload(SignedJWT jwt) {
        return jwt.getPayload().toJSONObject();
    }

    private static long lifetimeOf(SignedJWT jwt) throws java.text.ParseException {
        JWTClaimsSet claims = claims(jwt);
        return (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000;
    }

    private static long nbfAfterIat(SignedJWT jwt) throws java.text.ParseException {
        JWTClaimsSet claims = claims(jwt);
        return (claims.getNotBeforeTime().getTime() - claims.getIssueTime().getTime()) / 1000;
    }

    // ---------------------------------------------------------------------------------------
    // Values

    private static String encryptedKey() {
        return TestKeys.encryptedPkcs8Pem(goodKey(), HostileKeys.PASSWORD);
    }

    private static String text(char c, int length) {
        return String.valueOf(c).repeat(length);
    }

    /** {@code pem} preceded by enough 'Bag Attributes'-style lines to make {@code length}. */
    private static String padded(String pem, int length) {
        String line = "Comment: padding to push the key past the bound\n";
        StringBuilder text = new StringBuilder(length + line.length());
        while (text.length() + pem.length() < length) {
            text.append(line);
        }
        return text.append(pem).toString();
    }

    /** Unterminated armour lines, as many as fit in {@code length} characters. */
    private static String beginLines(int length) {
        String line = HostileKeys.beginLine("A") + "\n";
        return line.repeat(length / line.length());
    }

    private static String truncated(KeyPair pair) {
        byte[] der = pair.getPrivate().getEncoded();
        return TestKeys.pem("PRIVATE KEY", java.util.Arrays.copyOf(der, der.length / 2));
    }

    private static String deepJson(int depth) {
        return "{\"kty\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    }

    private static String publicJwk(PublicKey key) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        new JacksonSerializer<Map<String, ?>>().serialize(Jwks.builder().key(key).build(), json);
        return json.toString(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsonMap(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> audienceList(int count) {
        return IntStream.range(0, count).mapToObj(i -> "https://api" + i + ".corpus.test").toList();
    }

    private static List<String> scopeList(int count) {
        return IntStream.range(0, count).mapToObj(i -> "scope" + i).toList();
    }

    private static List<Object> nullableList(Object... items) {
        List<Object> list = new ArrayList<>();
        java.util.Collections.addAll(list, items);
        return list;
    }

    private static Map<String, Object> manyClaims(int count) {
        Map<String, Object> claims = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            claims.put("c" + i, i);
        }
        return claims;
    }

    /** {@code kb} claims of 1,000 characters each. */
    private static Map<String, Object> claimsOfKb(int kb) {
        Map<String, Object> claims = new LinkedHashMap<>();
        for (int i = 0; i < kb; i++) {
            claims.put("c" + i, text((char) ('a' + i), 1_000));
        }
        return claims;
    }

    /** {"a":{"a":...{"a":1}}}, {@code depth} objects deep. */
    private static Map<String, Object> nested(int depth) {
        Object value = 1;
        for (int i = 0; i < depth; i++) {
            value = Map.of("a", value);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> top = (Map<String, Object>) value;
        return top;
    }

    private static String base64Url(int bytes) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(HostileKeys.randomBytes(bytes));
    }

    /** The good key's certificate thumbprint, base64url, as x5t and x5t#S256 carry it. */
    private static String thumbprint(String digest) {
        try {
            byte[] der =
                    Base64.getMimeDecoder().decode(TestKeys.body(HostileKeys.certificatePem()));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(MessageDigest.getInstance(digest).digest(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Control characters spelled out, so every case name prints on one line. */
    private static String printable(String value) {
        StringBuilder name = new StringBuilder("\"");
        value.codePoints()
                .forEach(
                        cp -> {
                            if (Character.isISOControl(cp)) {
                                name.append(String.format("\\u%04x", cp));
                            } else {
                                name.appendCodePoint(cp);
                            }
                        });
        return name.append('"').toString();
    }
}
