package io.github.conductorjwt.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The worker as started ({@code WorkerMain}, its own JVM): it says once, at start-up, which
 * provider signs and why, and its metrics carry the provider as a tag. No server is needed for
 * either: it starts, its polls fail, and SIGTERM stops it.
 */
class WorkerStartTest {

    private static final String CHOSEN = "Signing with accp: auto: ACCP ";

    @Test
    void logsTheProviderOnceAndTagsItsMetric() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder =
                new ProcessBuilder(
                                ProcessHandle.current().info().command().orElse("java"),
                                "-cp",
                                System.getProperty("java.class.path"),
                                WorkerMain.class.getName())
                        .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("CONDUCTOR_"));
        // Nothing listens on the discard port: polls fail, start-up does not.
        env.put(WorkerSettings.SERVER_URL, "http://127.0.0.1:9/api");
        env.put(WorkerSettings.JWKS_ADDRESS, "127.0.0.1:" + port);
        Process worker = builder.start();

        StringBuilder log = new StringBuilder();
        CountDownLatch polling = new CountDownLatch(1);
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader lines =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    worker.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                for (String line; (line = lines.readLine()) != null; ) {
                                    synchronized (log) {
                                        log.append(line).append('\n');
                                    }
                                    if (line.contains("Polling ")) {
                                        polling.countDown();
                                    }
                                }
                            } catch (IOException ignored) {
                                // the worker ended
                            }
                        });
        reader.start();
        try {
            assertThat(polling.await(2, TimeUnit.MINUTES)).as("%s", log).isTrue();
            HttpResponse<String> metrics =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + port
                                                                    + MetricsEndpoint.PATH))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body())
                    .containsPattern("conductor_jwt_provider\\{[^}]*provider=\"accp\"");
        } finally {
            // SIGTERM through the handle: Process.destroy would also close the log pipe.
            worker.toHandle().destroy();
            if (!worker.waitFor(1, TimeUnit.MINUTES)) {
                worker.destroyForcibly();
            }
            reader.join(TimeUnit.MINUTES.toMillis(1));
        }
        String whole;
        synchronized (log) {
            whole = log.toString();
        }
        assertThat(whole.split(CHOSEN, -1)).as(whole).hasSize(2);
        assertThat(whole).as("the whole life, to the end").contains("Stopped");
    }
}
