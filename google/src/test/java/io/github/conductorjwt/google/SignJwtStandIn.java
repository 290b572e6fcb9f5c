package io.github.conductorjwt.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A <b>stand-in</b> for Google on loopback, not Google: its OAuth 2.0 token endpoint (the
 * jwt-bearer grant a service-account credential makes, its assertion verified against the account's
 * public key) and IAM Credentials {@code signJwt} as documented (path with the e-mail, bearer
 * token, {@code {"payload", "delegates"}} in, {@code {"keyId", "signedJwt"}} out, signed with a
 * "system-managed" key of its own). It proves our request and our mapping of every answer; it
 * cannot prove Google's permissions, quotas, or that Google answers the same.
 */
public final class SignJwtStandIn implements AutoCloseable {

    public static final String SYSTEM_KID = "standin-system-managed-1";

    /** Put in every error body: a reason that quotes a body would show it. */
    public static final String BODY_MARKER = "standin-error-body";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A signJwt call as it arrived. */
    public record Call(String path, String authorization, JsonNode body) {}

    private final HttpServer server;
    private final RSAPublicKey accountKey;
    private final KeyPair systemKey;
    private final List<String> issuedTokens = new CopyOnWriteArrayList<>();
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile int signJwtStatus = 200;
    private volatile int tokenStatus = 200;
    private volatile CountDownLatch holdSignJwt;

    public SignJwtStandIn(RSAPublicKey accountKey, KeyPair systemKey) throws IOException {
        this.accountKey = accountKey;
        this.systemKey = systemKey;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/token", this::token);
        server.createContext("/v1/", this::signJwt);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void answerSignJwtWith(int status) {
        signJwtStatus = status;
    }

    public void answerTokenWith(int status) {
        tokenStatus = status;
    }

    /** signJwt answers only once the returned latch is counted down. */
    public CountDownLatch holdSignJwt() {
        holdSignJwt = new CountDownLatch(1);
        return holdSignJwt;
    }

    public List<String> issuedTokens() {
        return issuedTokens;
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = new HashMap<>();
        for (String pair :
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                        .split("&")) {
            String[] nameValue = pair.split("=", 2);
            form.put(nameValue[0], URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8));
        }
        boolean valid;
        try {
            valid =
                    "urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))
                            && SignedJWT.parse(form.get("assertion"))
                                    .verify(new RSASSAVerifier(accountKey));
        } catch (Exception e) {
            valid = false;
        }
        if (tokenStatus != 200 || !valid) {
            respond(exchange, valid ? tokenStatus : 400, "{\"error\":\"" + BODY_MARKER + "\"}");
            return;
        }
        String token = "standin-access-" + UUID.randomUUID();
        issuedTokens.add(token);
        respond(
                exchange,
                200,
                "{\"access_token\":\""
                        + token
                        + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
    }

    private void signJwt(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        calls.add(new Call(exchange.getRequestURI().getRawPath(), authorization, body));
        CountDownLatch hold = holdSignJwt;
        if (hold != null) {
            try {
                hold.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (authorization == null
                || !issuedTokens.contains(authorization.replaceFirst("^Bearer ", ""))) {
            respond(exchange, 401, "{\"error\":\"" + BODY_MARKER + "\"}");
            return;
        }
        if (signJwtStatus != 200) {
            respond(exchange, signJwtStatus, "{\"error\":{\"message\":\"" + BODY_MARKER + "\"}}");
            return;
        }
        try {
            SignedJWT jwt =
                    new SignedJWT(
                            new JWSHeader.Builder(JWSAlgorithm.RS256)
                                    .keyID(SYSTEM_KID)
                                    .type(JOSEObjectType.JWT)
                                    .build(),
                            JWTClaimsSet.parse(body.path("payload").asText()));
            jwt.sign(new RSASSASigner((RSAPrivateKey) systemKey.getPrivate()));
            respond(
                    exchange,
                    200,
                    JSON.writeValueAsString(
                            Map.of("keyId", SYSTEM_KID, "signedJwt", jwt.serialize())));
        } catch (Exception e) {
            respond(exchange, 400, "{\"error\":\"" + BODY_MARKER + "\"}");
        }
    }

    /**
     * A service-account credentials file whose {@code token_uri} is this stand-in's, for {@code
     * account} (the caller) with {@code key}: what google-auth-library reads.
     */
    public String credentialsJson(String account, String privateKeyPem) throws IOException {
        Map<String, Object> file = new HashMap<>();
        file.put("type", "service_account");
        file.put("project_id", "example-project");
        file.put("private_key_id", "caller-key-1");
        file.put("private_key", privateKeyPem);
        file.put("client_email", account);
        file.put("client_id", "1");
        file.put("token_uri", uri() + "/token");
        return JSON.writeValueAsString(file);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
