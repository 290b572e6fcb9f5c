package io.github.conductorjwt.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Publishes the public halves of the held keys at {@code GET /.well-known/jwks.json} (RFC 7517 JWK
 * Set with {@code kid}, {@code alg}, {@code use: sig}), as Google publishes service-account keys,
 * so a verifier can fetch them. The document is built once: keys are read at start.
 */
final class JwksEndpoint implements AutoCloseable {

    static final String PATH = "/.well-known/jwks.json";

    private final HttpServer server;
    private final byte[] document;

    JwksEndpoint(InetSocketAddress address, List<HeldKey> keys) {
        try {
            this.document = jwkSet(keys);
            this.server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + LogText.of(address), e);
        }
        server.createContext(PATH, this::handle);
        server.start();
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Cache-Control", "public, max-age=300");
            exchange.sendResponseHeaders(200, document.length);
            exchange.getResponseBody().write(document);
        }
    }

    private static byte[] jwkSet(List<HeldKey> keys) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Object> jwks = new ArrayList<>();
        for (HeldKey key : keys) {
            // JJWT derives the public half from the private key (RSA CRT, EC, Edwards curves).
            PublicJwk<?> jwk =
                    Jwks.builder()
                            .key(key.privateKey())
                            .id(key.keyId())
                            .publicKeyUse("sig")
                            .algorithm(key.algorithm().name())
                            .build()
                            .toPublicJwk();
            jwks.add(json.readTree(Jwks.json(jwk)));
        }
        return json.writeValueAsBytes(Map.of("keys", jwks));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
