package io.github.conductorjwt.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DrainingTaskClientTest {

    private static final Duration DEADLINE = Duration.ofMillis(300);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLLED =
            """
            [{"taskId": "t1", "taskType": "GET_SIGNED_JWT", "status": "IN_PROGRESS"},
             {"taskId": "t2", "taskType": "GET_SIGNED_JWT", "status": "IN_PROGRESS"},
             {"taskId": "t3", "taskType": "GET_SIGNED_JWT", "status": "IN_PROGRESS"}]
            """;

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final PollHeartbeat polls =
            new PollHeartbeat(Clock.systemUTC(), Duration.ofSeconds(30));
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /**
     * The health endpoint's sign that the poll loop runs: each poll's end, whether the server
     * answered it or not (a server down is no reason to restart the worker).
     */
    @Test
    void eachPollBeatsTheHeartbeatSayingWhetherTheServerAnswered() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    try (exchange) {
                        byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
                        exchange.getResponseHeaders().add("Content-Type", "application/json");
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                    }
                });
        server.start();
        DrainingTaskClient tasks =
                new DrainingTaskClient(
                        new ConductorClient(
                                "http://127.0.0.1:" + server.getAddress().getPort() + "/api"),
                        polls);
        assertThat(polls.polling()).as("before any poll").isFalse();

        assertThat(tasks.batchPollTasksInDomain("GET_SIGNED_JWT", null, "w", 1, 0)).isEmpty();
        assertThat(polls.polling()).isTrue();
        assertThat(polls.serverAnswered()).isTrue();

        server.stop(0);
        server = null;
        assertThatThrownBy(() -> tasks.batchPollTasksInDomain("GET_SIGNED_JWT", null, "w", 1, 0))
                .isInstanceOf(RuntimeException.class);
        assertThat(polls.polling()).isTrue();
        assertThat(polls.serverAnswered()).isFalse();
    }

    /**
     * With the client's taskUpdateV2 switch on, the server would answer with a next task the drain
     * never counted, which a stopping worker could then drop or run after handing it back.
     */
    @Test
    void aResultForUpdateV2GoesOutAsAPlainUpdateAndBringsNoTask() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    requests.add(
                            exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
                    byte[] body = "t1".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.start();
        DrainingTaskClient tasks =
                new DrainingTaskClient(
                        new ConductorClient(
                                "http://127.0.0.1:" + server.getAddress().getPort() + "/api"),
                        polls);
        Task task = new Task();
        task.setTaskId("t1");
        task.setTaskType("GET_SIGNED_JWT");
        task.setStatus(Task.Status.IN_PROGRESS);
        TaskResult result = new TaskResult(task);
        result.setStatus(TaskResult.Status.COMPLETED);

        assertThat(tasks.updateTaskV2(result, "GET_SIGNED_JWT")).isNull();
        assertThat(requests).containsExactly("POST /api/tasks");
    }

    /**
     * The server marked the tasks IN_PROGRESS when it answered the poll, however late: a stopping
     * worker waits for that answer and hands its tasks back, all at once, rather than exit and
     * leave them to the response timeout.
     */
    @Test
    void tasksOfAPollAnsweredAfterTheDrainDeadlineAreHandedBackAllAtOnce() throws Exception {
        CountDownLatch pollArrived = new CountDownLatch(1);
        CompletableFuture<DrainingTaskClient> client = new CompletableFuture<>();
        CountDownLatch allHandBacksArrived = new CountDownLatch(3);
        List<String> handedBack = new CopyOnWriteArrayList<>();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger mostConcurrent = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext(
                "/",
                exchange -> {
                    try (exchange) {
                        byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
                        if (exchange.getRequestURI().getPath().contains("/poll/")) {
                            pollArrived.countDown();
                            // Answered once the drain has passed its deadline, however late its
                            // thread started.
                            DrainingTaskClient draining = client.join();
                            await().atMost(Duration.ofMinutes(1))
                                    .until(draining::pastDrainDeadline);
                            body = POLLED.getBytes(StandardCharsets.UTF_8);
                        } else {
                            mostConcurrent.accumulateAndGet(
                                    concurrent.incrementAndGet(), Math::max);
                            JsonNode result = JSON.readTree(exchange.getRequestBody());
                            handedBack.add(
                                    result.path("taskId").asText()
                                            + " "
                                            + result.path("status").asText()
                                            + " after "
                                            + result.path("callbackAfterSeconds").asText()
                                            + " s");
                            allHandBacksArrived.countDown();
                            allHandBacksArrived.await(5, TimeUnit.SECONDS);
                            concurrent.decrementAndGet();
                        }
                        exchange.getResponseHeaders().add("Content-Type", "application/json");
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        server.start();
        DrainingTaskClient tasks =
                new DrainingTaskClient(
                        new ConductorClient(
                                "http://127.0.0.1:" + server.getAddress().getPort() + "/api"),
                        polls);
        client.complete(tasks);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        CompletableFuture<List<Task>> poll =
                CompletableFuture.supplyAsync(
                        () -> tasks.batchPollTasksInDomain("GET_SIGNED_JWT", null, "w", 3, 0),
                        threads);
        assertThat(pollArrived.await(1, TimeUnit.MINUTES)).isTrue();
        CompletableFuture<Integer> drained =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return tasks.drain(DEADLINE, Duration.ofMinutes(1));
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        threads);

        assertThat(drained.get(1, TimeUnit.MINUTES)).isEqualTo(3);
        assertThat(poll.get(1, TimeUnit.MINUTES)).as("nothing for the stopping runner").isEmpty();
        assertThat(handedBack)
                .containsExactlyInAnyOrder(
                        "t1 IN_PROGRESS after 1 s",
                        "t2 IN_PROGRESS after 1 s",
                        "t3 IN_PROGRESS after 1 s");
        assertThat(mostConcurrent.get()).as("hand-backs in flight together").isEqualTo(3);
    }
}
