package io.github.conductorjwt.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The few Conductor REST calls the demo and the tests make, over plain HTTP and JSON. */
public final class ConductorApi {

    private static final Set<String> TERMINAL =
            Set.of("COMPLETED", "FAILED", "TERMINATED", "TIMED_OUT");

    private final URI baseUri;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    public ConductorApi(URI baseUri) {
        this.baseUri = baseUri;
    }

    /** Creates or updates workflow definitions. */
    public void putWorkflowDefs(List<JsonNode> definitions) {
        send("PUT", "/api/metadata/workflow", definitions);
    }

    /** Creates or replaces task definitions. */
    public void postTaskDefs(List<JsonNode> definitions) {
        send("POST", "/api/metadata/taskdefs", definitions);
    }

    /** Starts the latest version of a workflow and returns its id. */
    public String startWorkflow(String name, Map<String, ?> input) {
        return send("POST", "/api/workflow/" + encode(name), input).strip();
    }

    /** Retries a failed workflow from its failed tasks, as the UI's Retry button does. */
    public void retryWorkflow(String workflowId) {
        send("POST", "/api/workflow/" + encode(workflowId) + "/retry", null);
    }

    /** Completes the workflow's in-progress task {@code taskRefName}, e.g. a WAIT. */
    public void completeTask(String workflowId, String taskRefName) {
        send(
                "POST",
                "/api/tasks/" + encode(workflowId) + "/" + encode(taskRefName) + "/COMPLETED",
                Map.of());
    }

    /** Ends a running workflow, e.g. one whose task a test left in progress. */
    public void terminate(String workflowId) {
        send("DELETE", "/api/workflow/" + encode(workflowId) + "?reason=test%20cleanup", null);
    }

    /** The workflow's JSON, tasks included, as the server returns it. */
    public String workflowJson(String workflowId) {
        return send("GET", "/api/workflow/" + encode(workflowId) + "?includeTasks=true", null);
    }

    public JsonNode workflow(String workflowId) {
        return parse(workflowJson(workflowId));
    }

    /** The workflow without its tasks: status, reason, start and end time. */
    public JsonNode workflowSummary(String workflowId) {
        return parse(
                send("GET", "/api/workflow/" + encode(workflowId) + "?includeTasks=false", null));
    }

    /**
     * Ids of the running workflows named {@code name}: one query of the server's table of pending
     * workflows, however many there are.
     */
    public Set<String> runningWorkflowIds(String name) {
        Set<String> ids = new java.util.HashSet<>();
        parse(send("GET", "/api/workflow/running/" + encode(name), null))
                .forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** Polls every 100 ms until the workflow ends, and returns it. */
    public JsonNode awaitEnd(String workflowId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode workflow = workflow(workflowId);
            if (TERMINAL.contains(workflow.path("status").asText())) {
                return workflow;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        "workflow "
                                + workflowId
                                + " still "
                                + workflow.path("status").asText()
                                + " after "
                                + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private String send(String method, String path, Object body) {
        try {
            HttpRequest.BodyPublisher publisher =
                    body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
            HttpRequest request =
                    HttpRequest.newBuilder(baseUri.resolve(path))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .header("Accept", "application/json, text/plain")
                            .method(method, publisher)
                            .build();
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                        method
                                + " "
                                + path
                                + " answered "
                                + response.statusCode()
                                + ": "
                                + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
