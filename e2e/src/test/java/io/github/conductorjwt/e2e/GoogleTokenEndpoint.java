package io.github.conductorjwt.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for {@code https://oauth2.googleapis.com/token} on loopback: checks a jwt-bearer
 * assertion the way Google documents it (signature with the service account's key, {@code kid},
 * {@code iss}, {@code aud}, at most one hour of life, {@code scope} or {@code target_audience}),
 * with Nimbus rather than JJWT, and answers in Google's shape.
 */
final class GoogleTokenEndpoint implements AutoCloseable {

    static final String GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final HttpServer server;
    private final RSAPublicKey publicKey;
    private final String clientEmail;
    private final String keyId;
    private final List<JWTClaimsSet> accepted = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    GoogleTokenEndpoint(RSAPublicKey publicKey, String clientEmail, String keyId)
            throws IOException {
        this.publicKey = publicKey;
        this.clientEmail = clientEmail;
        this.keyId = keyId;
        this.server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::handle);
        server.start();
    }

    URI tokenUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    /** Claims of every assertion this endpoint accepted. */
    List<JWTClaimsSet> acceptedAssertions() {
        return List.copyOf(accepted);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form =
                    form(
                            new String(
                                    exchange.getRequestBody().readAllBytes(),
                                    StandardCharsets.UTF_8));
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String refusal = null;
            Map<String, Object> answer = new HashMap<>();
            if (!"POST".equals(exchange.getRequestMethod())
                    || contentType == null
                    || !contentType.startsWith("application/x-www-form-urlencoded")) {
                refusal =
                        "expected a form POST, got "
                                + exchange.getRequestMethod()
                                + " "
                                + contentType;
            } else if (!JWT_BEARER.equals(form.get("grant_type"))) {
                refusal = "grant_type must be " + JWT_BEARER;
            } else {
                try {
                    JWTClaimsSet claims = check(form.get("assertion"));
                    accepted.add(claims);
                    if (claims.getClaim("target_audience") != null) {
                        answer.put(
                                "id_token",
                                "eyJhbGciOiJSUzI1NiJ9.id-token-for-"
                                        + claims.getStringClaim("target_audience"));
                    } else {
                        answer.put("access_token", "ya29.local-" + claims.getJWTID());
                        answer.put("expires_in", 3599);
                        answer.put("token_type", "Bearer");
                    }
                } catch (Exception e) {
                    refusal = e.getMessage();
                }
            }
            int status = 200;
            if (refusal != null) {
                status = 400;
                answer.put("error", "invalid_grant");
                answer.put("error_description", refusal);
            }
            byte[] body = json.writeValueAsBytes(answer);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private JWTClaimsSet check(String assertion) throws Exception {
        if (assertion == null) {
            throw new IllegalArgumentException("no assertion");
        }
        SignedJWT jwt = SignedJWT.parse(assertion);
        if (!jwt.verify(new RSASSAVerifier(publicKey))) {
            throw new IllegalArgumentException("Invalid JWT Signature.");
        }
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        require(keyId.equals(jwt.getHeader().getKeyID()), "kid is not the key's private_key_id");
        require(clientEmail.equals(claims.getIssuer()), "iss is not the service account");
        require(
                List.of(GOOGLE_TOKEN_URL).equals(claims.getAudience()),
                "aud must be " + GOOGLE_TOKEN_URL);
        Instant now = Instant.now();
        Instant iat = claims.getIssueTime().toInstant();
        Instant exp = claims.getExpirationTime().toInstant();
        require(
                iat.isBefore(now.plusSeconds(300)) && iat.isAfter(now.minusSeconds(300)),
                "iat is not now");
        require(exp.isAfter(now), "assertion expired");
        require(!exp.isAfter(iat.plusSeconds(3600)), "exp more than one hour after iat");
        boolean scoped =
                claims.getStringClaim("scope") != null && !claims.getStringClaim("scope").isBlank();
        boolean targeted = claims.getClaim("target_audience") != null;
        require(scoped != targeted, "give exactly one of scope and target_audience");
        return claims;
    }

    private static void require(boolean condition, String refusal) {
        if (!condition) {
            throw new IllegalArgumentException(refusal);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
