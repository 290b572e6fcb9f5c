package io.github.conductorjwt.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands between the worker and a real server, passing every request through except task updates
 * ({@code POST /api/tasks}) and polls: {@link #refusing} answers updates 503, the server
 * unreachable just when the worker reports a signed token, as during a restart; {@link
 * #holdingResults} holds each COMPLETED result until {@link #release}, a server too slow to take it
 * before the worker stops; {@link #holdingPolls} passes each poll on at once, so the server hands
 * its tasks out, and answers the worker only after a while, a busy server's late answer.
 */
final class TaskUpdatesProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP =
            Set.of(
                    "connection",
                    "content-length",
                    "expect",
                    "host",
                    "transfer-encoding",
                    "upgrade");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger refusedUpdates = new AtomicInteger();
    private final AtomicInteger heldResults = new AtomicInteger();
    private final AtomicInteger heldPolls = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private final boolean refusing;
    private final Duration pollAnswerDelay;

    private TaskUpdatesProxy(URI target, boolean refusing, Duration pollAnswerDelay) {
        this.target = target;
        this.refusing = refusing;
        this.pollAnswerDelay = pollAnswerDelay;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads); // the worker's pollers wait on the server at once
        server.start();
    }

    static TaskUpdatesProxy refusing(URI target) {
        return new TaskUpdatesProxy(target, true, Duration.ZERO);
    }

    static TaskUpdatesProxy holdingResults(URI target) {
        return new TaskUpdatesProxy(target, false, Duration.ZERO);
    }

    /** Every poll that brings a task is answered {@code delay} after the server answered it. */
    static TaskUpdatesProxy holdingPolls(URI target, Duration delay) {
        return new TaskUpdatesProxy(target, false, delay);
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Updates answered 503 so far. */
    int refusedUpdates() {
        return refusedUpdates.get();
    }

    /** COMPLETED results held so far, released or not. */
    int heldResults() {
        return heldResults.get();
    }

    /** Polls that brought a task, answered late. */
    int heldPolls() {
        return heldPolls.get();
    }

    /** Passes the held results on, and every later one at once. */
    void release() {
        released.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestMethod().equals("POST") && path.equals("/api/tasks")) {
                if (refusing) {
                    refusedUpdates.incrementAndGet();
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                if ("COMPLETED".equals(JSON.readTree(requestBody).path("status").asText())) {
                    heldResults.incrementAndGet();
                    released.await();
                }
            }
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                            .timeout(Duration.ofSeconds(30))
                            .method(
                                    exchange.getRequestMethod(),
                                    HttpRequest.BodyPublishers.ofByteArray(requestBody));
            exchange.getRequestHeaders()
                    .forEach(
                            (name, values) -> {
                                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                                    values.forEach(value -> request.header(name, value));
                                }
                            });
            HttpResponse<byte[]> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers()
                    .map()
                    .forEach(
                            (name, values) -> {
                                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                                    exchange.getResponseHeaders().put(name, values);
                                }
                            });
            byte[] body = response.body();
            if (!pollAnswerDelay.isZero()
                    && path.startsWith("/api/tasks/poll/")
                    && JSON.readTree(body).size() > 0) {
                heldPolls.incrementAndGet();
                Thread.sleep(pollAnswerDelay);
            }
            exchange.sendResponseHeaders(
                    response.statusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
