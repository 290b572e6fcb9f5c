package io.github.conductorjwt.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.conductorjwt.task.LogText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The worker's HTTP port: a few read-only documents, each a {@link Resource} at one exact path (the
 * JWKS, {@code /health}, {@code /metrics}); anything else is 404, anything but GET 405.
 */
final class WorkerHttpServer implements AutoCloseable {

    /** One response, built by a resource that knows nothing of HTTP servers. */
    record Response(int status, String contentType, String cacheControl, byte[] body) {}

    /** What a path serves. */
    interface Resource extends Supplier<Response> {}

    private final HttpServer server;

    WorkerHttpServer(InetSocketAddress address, Map<String, Resource> resources) {
        try {
            this.server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + LogText.of(address), e);
        }
        resources.forEach(
                (path, resource) -> server.createContext(path, e -> serve(e, path, resource)));
        server.start();
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    private static void serve(HttpExchange exchange, String path, Resource resource)
            throws IOException {
        try (exchange) {
            // Contexts match by prefix; a resource is one path.
            if (!path.equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Response response = resource.get();
            exchange.getResponseHeaders().add("Content-Type", response.contentType());
            exchange.getResponseHeaders().add("Cache-Control", response.cacheControl());
            exchange.sendResponseHeaders(response.status(), response.body().length);
            exchange.getResponseBody().write(response.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
