package io.github.conductorjwt.core;

import io.jsonwebtoken.Jwts;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules for the protected headers a task may add. Registered JOSE headers (RFC 7515 §4.1) must be
 * well formed here, at reading time, so a malformed one is the user's terminal error rather than a
 * fault while signing. Rules name registered headers only; a custom header's name is the user's
 * string and is never quoted.
 */
final class HeaderRules {

    /** Headers another input sets, and that input. */
    private static final Map<String, String> SET_BY_INPUTS =
            Map.of("alg", JwtInputNames.ALGORITHM, "kid", JwtInputNames.PRIVATE_KEY_ID);

    /** Headers that would change how a JWS is read. */
    private static final Set<String> UNSUPPORTED = Set.of("crit", "b64", "zip", "enc");

    /** Headers of encrypted tokens (RFC 7516, RFC 7518 §4.6-4.8); meaningless in a JWS. */
    private static final Set<String> JWE_ONLY =
            Set.of("epk", "apu", "apv", "iv", "tag", "p2s", "p2c");

    /** Registered headers we accept when well formed; their names may be quoted. */
    private static final Set<String> REGISTERED =
            Set.of("typ", "cty", "jku", "jwk", "x5u", "x5c", "x5t", "x5t#S256");

    private HeaderRules() {}

    /**
     * @param headers already within {@link JsonValueBounds}
     * @return the broken rules, empty when every header may be added
     */
    static List<String> check(Map<String, Object> headers) {
        List<String> broken = new ArrayList<>();
        for (Map.Entry<String, Object> header : headers.entrySet()) {
            String rule = rule(header.getKey(), header.getValue());
            if (rule != null) {
                broken.add(rule);
            }
        }
        return broken;
    }

    private static String rule(String name, Object value) {
        if (SET_BY_INPUTS.containsKey(name)) {
            return "'"
                    + name
                    + "' is set by the "
                    + SET_BY_INPUTS.get(name)
                    + " input; give it there only";
        } else if (UNSUPPORTED.contains(name)) {
            return "'" + name + "' is not supported";
        } else if (JWE_ONLY.contains(name)) {
            return "'" + name + "' belongs to encrypted tokens (JWE), not signed ones";
        }
        String rule =
                switch (name) {
                    case "typ", "cty" -> value instanceof String ? null : "must be a string";
                    case "jku", "x5u" -> isHttpsUri(value) ? null : "must be an absolute https URI";
                    case "x5t" ->
                            isBase64UrlOf(value, 20)
                                    ? null
                                    : "must be base64url of a 20-byte SHA-1 thumbprint";
                    case "x5t#S256" ->
                            isBase64UrlOf(value, 32)
                                    ? null
                                    : "must be base64url of a 32-byte SHA-256 thumbprint";
                    case "x5c" ->
                            value instanceof List<?> list && !list.isEmpty()
                                    ? null
                                    : "must be a non-empty list of base64 DER certificates";
                    case "jwk" -> value instanceof Map<?, ?> ? null : "must be a public JWK object";
                    default -> null;
                };
        if (rule != null) {
            return "'" + name + "' " + rule;
        } else if (acceptedByJjwt(name, value)) {
            return null;
        }
        return REGISTERED.contains(name)
                ? "'" + name + "' is not a valid value for this header"
                : "a header's value cannot be written";
    }

    /**
     * JJWT converts registered headers (certificates, JWKs); whatever it refuses would fail
     * signing.
     */
    private static boolean acceptedByJjwt(String name, Object value) {
        try {
            Jwts.header().add(name, value).build();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean isHttpsUri(Object value) {
        if (!(value instanceof String text)) {
            return false;
        }
        try {
            URI uri = new URI(text);
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isBase64UrlOf(Object value, int bytes) {
        if (!(value instanceof String text)) {
            return false;
        }
        try {
            return Base64.getUrlDecoder().decode(text).length == bytes;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
