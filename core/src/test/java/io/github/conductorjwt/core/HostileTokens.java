package io.github.conductorjwt.core;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The hostile-token corpus of VERIFY_JWT: what a caller can put in {@code token} (the webhook's
 * bearer, say), and the code each must end with. Every case is verified against {@link #KEY}'s
 * public half, given as {@link #publicKeyPem()}; none may be echoed in a reason or an output.
 */
public final class HostileTokens {

    /** The key every case is verified with. */
    public static final KeyPair KEY = TestKeys.RSA_2048;

    /**
     * @param name readable and unique
     * @param token built on each call (the large ones are built only when run)
     * @param expected the code a user must see, as the output spells it (a {@code VerifyErrorCode}
     *     name, written out so the end-to-end tests need no core classes)
     */
    public record Case(String name, Supplier<String> token, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private HostileTokens() {}

    public static String publicKeyPem() {
        return TestKeys.pem("PUBLIC KEY", KEY.getPublic().getEncoded());
    }

    private static String valid() {
        return IndependentSigner.token("RS256", KEY.getPrivate(), null, Map.of());
    }

    private static String claims() {
        return IndependentSigner.b64(IndependentSigner.json(IndependentSigner.claims(Map.of())));
    }

    public static List<Case> all() {
        return List.of(
                new Case(
                        "HS256 signed with the RSA public key PEM as its secret (algorithm confusion)",
                        () ->
                                IndependentSigner.token(
                                        "HS256",
                                        publicKeyPem().getBytes(StandardCharsets.UTF_8),
                                        null,
                                        Map.of("role", "admin")),
                        "ALGORITHM_NOT_ALLOWED"),
                new Case(
                        "alg none, empty signature",
                        () -> IndependentSigner.b64("{\"alg\":\"none\"}") + "." + claims() + ".",
                        "ALGORITHM_NOT_ALLOWED"),
                new Case(
                        "alg None with a signature",
                        () ->
                                IndependentSigner.b64("{\"alg\":\"None\"}")
                                        + "."
                                        + claims()
                                        + ".AAAA",
                        "ALGORITHM_NOT_ALLOWED"),
                new Case(
                        "crit naming a header the verifier does not know",
                        () -> {
                            Map<String, Object> header = new LinkedHashMap<>();
                            header.put("alg", "RS256");
                            header.put("crit", List.of("x-must-understand"));
                            header.put("x-must-understand", true);
                            return IndependentSigner.sign(
                                    header, IndependentSigner.claims(Map.of()), KEY.getPrivate());
                        },
                        "UNSUPPORTED_CRITICAL_HEADER"),
                new Case("a 1 MB token", () -> valid() + "A".repeat(1 << 20), "MALFORMED"),
                new Case(
                        "bad base64 in the header",
                        () -> "eyJ!bGci." + claims() + ".AAAA",
                        "MALFORMED"),
                new Case(
                        "base64 of impossible length",
                        () -> "eyJhbGciOiJSUzI1NiJ9x." + claims() + ".AAAA",
                        "MALFORMED"),
                new Case(
                        "claims nested 10,000 deep",
                        () ->
                                IndependentSigner.sign(
                                        "{\"alg\":\"RS256\"}",
                                        "{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}",
                                        "RS256",
                                        KEY.getPrivate()),
                        "MALFORMED"),
                new Case(
                        "header nested 20 deep",
                        () ->
                                IndependentSigner.b64(
                                                "{\"alg\":\"RS256\",\"x\":"
                                                        + "{\"y\":".repeat(20)
                                                        + "1"
                                                        + "}".repeat(20)
                                                        + "}")
                                        + "."
                                        + claims()
                                        + ".AAAA",
                        "MALFORMED"),
                new Case(
                        "duplicate alg in the header",
                        () ->
                                IndependentSigner.b64("{\"alg\":\"RS256\",\"alg\":\"none\"}")
                                        + "."
                                        + claims()
                                        + ".AAAA",
                        "MALFORMED"),
                new Case("four parts (a JWE has five)", () -> valid() + ".AAAA", "MALFORMED"),
                new Case(
                        "signed by another key",
                        () ->
                                IndependentSigner.token(
                                        "RS256", TestKeys.rsa(2048).getPrivate(), null, Map.of()),
                        "SIGNATURE_INVALID"),
                new Case(
                        "signed by its own key, published in its jwk and jku headers",
                        () -> {
                            KeyPair attacker = TestKeys.rsa(2048);
                            Map<String, Object> header = new LinkedHashMap<>();
                            header.put("alg", "RS256");
                            header.put("jku", "https://attacker.example/jwks.json");
                            try {
                                header.put(
                                        "jwk",
                                        new com.fasterxml.jackson.databind.ObjectMapper()
                                                .readValue(
                                                        io.jsonwebtoken.security.Jwks.json(
                                                                io.jsonwebtoken.security.Jwks
                                                                        .builder()
                                                                        .key(attacker.getPublic())
                                                                        .build()),
                                                        Map.class));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            return IndependentSigner.sign(
                                    header,
                                    IndependentSigner.claims(Map.of()),
                                    attacker.getPrivate());
                        },
                        "SIGNATURE_INVALID"),
                new Case(
                        "signature stripped",
                        () -> valid().substring(0, valid().lastIndexOf('.') + 1),
                        "SIGNATURE_INVALID"),
                new Case(
                        "control characters and a line break",
                        () -> valid() + "\n\u0000",
                        "MALFORMED"));
    }
}
