package io.github.conductorjwt.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DrainingTaskClientTest {

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
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
                                "http://127.0.0.1:" + server.getAddress().getPort() + "/api"));
        Task task = new Task();
        task.setTaskId("t1");
        task.setTaskType("GET_SIGNED_JWT");
        task.setStatus(Task.Status.IN_PROGRESS);
        TaskResult result = new TaskResult(task);
        result.setStatus(TaskResult.Status.COMPLETED);

        assertThat(tasks.updateTaskV2(result, "GET_SIGNED_JWT")).isNull();
        assertThat(requests).containsExactly("POST /api/tasks");
    }
}
