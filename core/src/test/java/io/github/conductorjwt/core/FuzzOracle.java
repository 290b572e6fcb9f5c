package io.github.conductorjwt.core;

import static io.github.conductorjwt.core.JwtInputNames.ADDITIONAL_CLAIMS;
import static io.github.conductorjwt.core.JwtInputNames.ALGORITHM;
import static io.github.conductorjwt.core.JwtInputNames.AUDIENCE;
import static io.github.conductorjwt.core.JwtInputNames.HEADERS;
import static io.github.conductorjwt.core.JwtInputNames.ISSUER;
import static io.github.conductorjwt.core.JwtInputNames.JTI;
import static io.github.conductorjwt.core.JwtInputNames.NOT_BEFORE;
import static io.github.conductorjwt.core.JwtInputNames.PRIVATE_KEY;
import static io.github.conductorjwt.core.JwtInputNames.PRIVATE_KEY_ID;
import static io.github.conductorjwt.core.JwtInputNames.PRIVATE_KEY_PASSWORD;
import static io.github.conductorjwt.core.JwtInputNames.SCOPES;
import static io.github.conductorjwt.core.JwtInputNames.SUBJECT;
import static io.github.conductorjwt.core.JwtInputNames.TTL_IN_SECOND;
import static io.github.conductorjwt.core.JwtInputNames.TTL_IN_SECONDS;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed448PrivateKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.math.ec.ECPoint;

/**
 * What a fuzzed input asks for, read from the input itself rather than from what the code under
 * test made of it: the key a relying party verifies its token with, and the header and claims the
 * token must carry. {@link #check} verifies a returned token against both with {@link
 * IndependentVerifier} (Nimbus; the JDK for EdDSA), never JJWT.
 *
 * <p>The key the input carries or implies: for a JWK, its own public members ({@code x}/{@code y},
 * {@code x}, {@code n}/{@code e}) read by Nimbus, not its private part; for PEM and service-account
 * files, which carry no public key we read, the public key derived from the private one by
 * BouncyCastle's arithmetic (the RSA modulus and exponent the file holds); for HS*, the secret as
 * the documented rules spell it (UTF-8 text, {@code base64:}, or an oct JWK's {@code k}).
 */
final class FuzzOracle {

    /** What a token must carry; {@code null} members are "absent" (jti: "any"). */
    record Expected(
            String algorithm,
            String keyId,
            String issuer,
            String subject,
            List<String> audience,
            long ttlSeconds,
            Long notBeforeSeconds,
            String jti,
            List<String> scopes,
            Map<String, Object> claims,
            Map<String, Object> headers) {}

    /** Registered headers whose value is a string (RFC 7515 §4.1.9, §4.1.10). */
    private static final Set<String> STRING_HEADERS = Set.of("typ", "cty");

    private static final ObjectMapper JSON =
            JsonMapper.builder()
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                    .build();

    /** Numbers equal by value (1 and 1.0, a double and its decimal text); the rest by equals. */
    private static final Comparator<JsonNode> SAME_JSON =
            (a, b) -> {
                if (a.isNumber() && b.isNumber()) {
                    return a.decimalValue().compareTo(b.decimalValue());
                }
                return a.equals(b) ? 0 : 1;
            };

    private FuzzOracle() {}

    /** The token verifies with {@code key} and carries exactly what {@code expected} asks. */
    static void check(SignedJwt signed, Object key, Expected expected) {
        SignedJWT jwt = IndependentVerifier.verify(signed.token(), key);
        JsonNode header = tree(jwt.getHeader().getParsedBase64URL().decodeToString());
        JsonNode claims = tree(jwt.getPayload().toBase64URL().decodeToString());

        same("header alg", header.get("alg"), expected.algorithm());
        Map<String, Object> headers = new LinkedHashMap<>(expected.headers());
        headers.putIfAbsent("typ", "JWT");
        // JJWT leaves out typ and cty when blank, as its registered string headers.
        headers.replaceAll(
                (name, value) ->
                        STRING_HEADERS.contains(name) && value instanceof String s && s.isBlank()
                                ? null
                                : value);
        same("header kid", header.get("kid"), expected.keyId());
        headers.forEach((name, value) -> same("header " + name, header.get(name), value));

        same("iss", claims.get("iss"), expected.issuer());
        same("sub", claims.get("sub"), expected.subject());
        List<String> audience = expected.audience();
        same("aud", claims.get("aud"), audience.size() == 1 ? audience.get(0) : audience);
        long issuedAt = number("iat", claims);
        same("exp", claims.get("exp"), issuedAt + expected.ttlSeconds());
        same(
                "nbf",
                claims.get("nbf"),
                expected.notBeforeSeconds() == null
                        ? null
                        : issuedAt + expected.notBeforeSeconds());
        if (expected.jti() != null) {
            same("jti", claims.get("jti"), expected.jti());
        } else if (claims.path("jti").asText().isEmpty()) {
            throw new AssertionError("token has no jti");
        }
        same(
                "scope",
                claims.get("scope"),
                expected.scopes().isEmpty() ? null : String.join(" ", expected.scopes()));
        expected.claims().forEach((name, value) -> same("claim " + name, claims.get(name), value));
    }

    // ---- the key ----

    /** The key a relying party verifies with, from the key input alone (see the class comment). */
    static Object verificationKey(String keyText, SigningAlgorithm algorithm, String password) {
        String text = keyText.strip();
        if (algorithm.family() == SigningAlgorithm.KeyFamily.HMAC) {
            return secret(text);
        }
        if (text.startsWith("{") && !tree(text).hasNonNull("private_key")) {
            return jwkPublicKey(tree(text));
        }
        PrivateKey parsed =
                (PrivateKey) KeyParser.parse(ConfidentialText.of(text), algorithm, password).key();
        return derivedPublicKey(parsed);
    }

    /** The key id the key file declares: a JWK's kid, a service-account file's private_key_id. */
    static String declaredKeyId(String keyText) {
        String text = keyText.strip();
        if (!text.startsWith("{")) {
            return null;
        }
        JsonNode file = tree(text);
        JsonNode id = file.hasNonNull("private_key") ? file.get("private_key_id") : file.get("kid");
        return id == null || id.isNull() || id.asText().isBlank() ? null : id.asText();
    }

    private static byte[] secret(String text) {
        if (text.startsWith(KeyParser.BASE64_PREFIX)) {
            String encoded = text.substring(KeyParser.BASE64_PREFIX.length()).strip();
            try {
                return Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException notStandard) {
                return Base64.getUrlDecoder().decode(encoded);
            }
        }
        if (text.startsWith("{")) {
            return ((OctetSequenceKey) nimbus(tree(text), "kty", "k")).toByteArray();
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The JWK's public members only, read by Nimbus: the public key its owner publishes. */
    private static PublicKey jwkPublicKey(JsonNode jwk) {
        try {
            JWK publicHalf = nimbus(jwk, "kty", "crv", "x", "y", "n", "e");
            if (publicHalf instanceof ECKey ec) {
                return ec.toECPublicKey();
            } else if (publicHalf instanceof RSAKey rsa) {
                return rsa.toRSAPublicKey();
            } else if (publicHalf instanceof OctetKeyPair okp) {
                return edDsaPublicKey(okp.getCurve().getName(), okp.getDecodedX());
            }
            throw new AssertionError("signed with a JWK of kty " + jwk.path("kty"));
        } catch (com.nimbusds.jose.JOSEException | GeneralSecurityException e) {
            throw new AssertionError("the JWK's public members are no public key: " + e, e);
        }
    }

    private static JWK nimbus(JsonNode jwk, String... members) {
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String member : members) {
            if (jwk.has(member)) {
                kept.put(member, JSON.convertValue(jwk.get(member), Object.class));
            }
        }
        try {
            return JWK.parse(kept);
        } catch (java.text.ParseException e) {
            throw new AssertionError("Nimbus cannot read the JWK's public members: " + e, e);
        }
    }

    /** d·G, the seed's EdDSA point, or the modulus and exponent the RSA key file holds. */
    private static PublicKey derivedPublicKey(PrivateKey key) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA")
                        .generatePublic(
                                new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            } else if (key instanceof ECPrivateKey ec) {
                ECPoint q =
                        EC5Util.convertSpec(ec.getParams()).getG().multiply(ec.getS()).normalize();
                return KeyFactory.getInstance("EC")
                        .generatePublic(
                                new ECPublicKeySpec(
                                        new java.security.spec.ECPoint(
                                                q.getAffineXCoord().toBigInteger(),
                                                q.getAffineYCoord().toBigInteger()),
                                        ec.getParams()));
            } else if (key instanceof EdECPrivateKey ed) {
                byte[] seed = ed.getBytes().orElseThrow();
                String curve = ed.getParams().getName();
                byte[] point =
                        curve.equals("Ed25519")
                                ? new Ed25519PrivateKeyParameters(seed)
                                        .generatePublicKey()
                                        .getEncoded()
                                : new Ed448PrivateKeyParameters(seed)
                                        .generatePublicKey()
                                        .getEncoded();
                return edDsaPublicKey(curve, point);
            }
        } catch (GeneralSecurityException e) {
            throw new AssertionError("no public key for the parsed key: " + e, e);
        }
        throw new AssertionError("signed with a " + key.getAlgorithm() + " key");
    }

    private static PublicKey edDsaPublicKey(String curve, byte[] point)
            throws GeneralSecurityException {
        try {
            byte[] spki =
                    new SubjectPublicKeyInfo(
                                    new AlgorithmIdentifier(
                                            new ASN1ObjectIdentifier(
                                                    curve.equals("Ed25519")
                                                            ? "1.3.101.112"
                                                            : "1.3.101.113")),
                                    point)
                            .getEncoded();
            return KeyFactory.getInstance(curve).generatePublic(new X509EncodedKeySpec(spki));
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    // ---- the request ----

    /**
     * What a task input asks for, restated from the documented input rules (README, "Inputs"):
     * strings are stripped; a service-account file supplies issuer, subject and key id when the
     * input does not; audience is one string or a list; scopes split on spaces and commas;
     * additional claims and headers are copied as given.
     */
    static Expected askedFor(Map<String, Object> given, SigningPolicy policy) {
        Map<String, ?> input = BlankInputs.withoutBlankOptionals(given);
        String keyText = (String) input.get(PRIVATE_KEY);
        JsonNode serviceAccount = serviceAccount(keyText);
        Object algorithm = input.get(ALGORITHM);
        Object ttl =
                input.get(TTL_IN_SECOND) != null
                        ? input.get(TTL_IN_SECOND)
                        : input.get(TTL_IN_SECONDS);
        Object notBefore = input.get(NOT_BEFORE);
        Object audience = input.get(AUDIENCE);
        return new Expected(
                algorithm == null ? policy.defaultAlgorithm().name() : named((String) algorithm),
                orElse(text(input.get(PRIVATE_KEY_ID)), declaredKeyId(keyText)),
                orElse(text(input.get(ISSUER)), member(serviceAccount, "client_email")),
                orElse(text(input.get(SUBJECT)), member(serviceAccount, "client_email")),
                audience instanceof String one ? List.of(one.strip()) : items(audience),
                seconds(ttl),
                notBefore == null ? null : seconds(notBefore),
                text(input.get(JTI)),
                input.get(SCOPES) instanceof String scopes
                        ? items(List.of(scopes.strip().split("[\\s,]+")))
                        : items(input.get(SCOPES)),
                object(input.get(ADDITIONAL_CLAIMS)),
                object(input.get(HEADERS)));
    }

    /** The key and password inputs, as the reader reads them (a blank password is refused). */
    static Object verificationKey(Map<String, Object> input, SigningPolicy policy) {
        Object password = input.get(PRIVATE_KEY_PASSWORD);
        return verificationKey(
                (String) input.get(PRIVATE_KEY),
                SigningAlgorithm.valueOf(askedFor(input, policy).algorithm()),
                password == null ? null : ((String) password).strip());
    }

    /** A supported algorithm's name, given in any case and with spaces around. */
    private static String named(String given) {
        return java.util.Arrays.stream(SigningAlgorithm.values())
                .map(Enum::name)
                .filter(name -> name.equalsIgnoreCase(given.strip()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("signed with algorithm " + given));
    }

    private static JsonNode serviceAccount(String keyText) {
        String text = keyText.strip();
        if (!text.startsWith("{")) {
            return null;
        }
        JsonNode file = tree(text);
        return file.hasNonNull("private_key") ? file : null;
    }

    private static String member(JsonNode file, String name) {
        if (file == null || !file.hasNonNull(name) || file.get(name).asText().isBlank()) {
            return null;
        }
        return file.get(name).asText();
    }

    private static String text(Object value) {
        return value == null ? null : ((String) value).strip();
    }

    private static String orElse(String given, String fallback) {
        return given != null ? given : fallback;
    }

    /** Distinct stripped items, in order. */
    private static List<String> items(Object list) {
        if (list == null) {
            return List.of();
        }
        Set<String> items = new LinkedHashSet<>();
        for (Object item : (List<?>) list) {
            items.add(((String) item).strip());
        }
        return new ArrayList<>(items);
    }

    private static long seconds(Object value) {
        BigDecimal number =
                value instanceof String text
                        ? new BigDecimal(text.strip())
                        : new BigDecimal(value.toString());
        return number.longValueExact();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    // ---- JSON ----

    /** A member as the token has it equals what was asked; asked for null, it is absent. */
    private static void same(String what, JsonNode actual, Object asked) {
        JsonNode expected = asked == null ? null : JSON.valueToTree(asked);
        boolean absent = actual == null || actual.isNull();
        if (expected == null || expected.isNull()) {
            if (!absent) {
                throw new AssertionError(what + ": expected none, token has " + actual);
            }
            return;
        }
        if (absent || !Objects.requireNonNull(actual).equals(SAME_JSON, expected)) {
            throw new AssertionError(what + ": asked for " + expected + ", token has " + actual);
        }
    }

    private static long number(String what, JsonNode claims) {
        JsonNode value = claims.get(what);
        if (value == null || !value.isIntegralNumber()) {
            throw new AssertionError("token has no numeric " + what);
        }
        return value.longValue();
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
