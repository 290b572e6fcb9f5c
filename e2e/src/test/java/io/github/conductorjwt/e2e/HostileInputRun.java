package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.conductorjwt.core.HostileInput;
import io.github.conductorjwt.core.HostileInput.Category;
import io.github.conductorjwt.core.HostileInput.Secret;
import io.github.conductorjwt.core.HostileInputAssertions;
import io.github.conductorjwt.core.HostileInputs;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The end-to-end subset of the hostile-input corpus on a real server: every input that is not
 * secret comes through workflow input, every secret (a key, a password, a key pasted into the wrong
 * field) through its own Conductor secret, so no key ever sits in workflow input. The workflows
 * start in parallel; each is then judged as the unit tests judge the task contract.
 */
final class HostileInputRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STARTERS = 8;

    private final ConductorApi api;
    private final Map<HostileInput, CompletableFuture<String>> started = new LinkedHashMap<>();
    private final Instant deadline;

    private HostileInputRun(ConductorApi api, Duration timeout) {
        this.api = api;
        this.deadline = Instant.now().plus(timeout);
    }

    /** The Conductor secrets the subset needs, by name. */
    static Map<String, String> secrets() {
        Map<String, String> secrets = new TreeMap<>();
        for (HostileInput hostile : HostileInputs.endToEnd()) {
            for (Secret secret : hostile.secretInputs().values()) {
                secrets.put(secret.name(), secret.text().get());
            }
        }
        return secrets;
    }

    /**
     * One workflow per way of feeding the task: the example for {@code privateKey} cases, the
     * held-key workflow for {@code keyName} cases (so the plugin hands them to the worker).
     */
    static List<JsonNode> workflowDefs(JsonNode example, JsonNode heldKey) {
        Map<String, JsonNode> defs = new TreeMap<>();
        for (HostileInput hostile : HostileInputs.endToEnd()) {
            defs.computeIfAbsent(
                    workflowName(hostile),
                    name -> definition(heldKeyCase(hostile) ? heldKey : example, name, hostile));
        }
        return List.copyOf(defs.values());
    }

    /**
     * Starts every case of the subset, a few at a time, each through the API {@code starters} hands
     * out (a cluster's nodes in turn), and returns at once.
     */
    static HostileInputRun start(Supplier<ConductorApi> starters, Duration timeout) {
        HostileInputRun run = new HostileInputRun(starters.get(), timeout);
        ExecutorService pool = Executors.newFixedThreadPool(STARTERS);
        for (HostileInput hostile : HostileInputs.endToEnd()) {
            ConductorApi api = starters.get();
            run.started.put(
                    hostile,
                    CompletableFuture.supplyAsync(
                            () ->
                                    api.startWorkflow(
                                            workflowName(hostile), hostile.plainInputs().get()),
                            pool));
        }
        pool.shutdown();
        return run;
    }

    List<HostileInput> cases() {
        return List.copyOf(started.keySet());
    }

    /** Waits for the case's workflow and holds its one task to what the corpus expects. */
    void check(HostileInput hostile) {
        JsonNode workflow = api.awaitEnd(workflowId(hostile), remaining());
        JsonNode tasks = workflow.path("tasks");
        JsonNode task = tasks.path(tasks.size() - 1);
        String reason =
                task.hasNonNull("reasonForIncompletion")
                        ? task.path("reasonForIncompletion").asText()
                        : null;
        @SuppressWarnings("unchecked")
        Map<String, Object> output = JSON.convertValue(task.path("outputData"), Map.class);

        HostileInputAssertions.assertOutcome(
                hostile, task.path("status").asText(), reason, output == null ? Map.of() : output);
        assertThat(tasks).as("attempts").hasSize(1);
    }

    /** No line of any secret the subset used, in any of its workflows or in {@code logs}. */
    void assertNoSecretLineIn(String logs) {
        StringBuilder haystack = new StringBuilder(logs);
        started.values().stream()
                .filter(id -> !id.isCompletedExceptionally())
                .forEach(id -> haystack.append('\n').append(api.workflowJson(id.join())));
        String everything = haystack.toString();
        List<String> leaked =
                secrets().entrySet().stream()
                        .filter(
                                secret ->
                                        HostileInputAssertions.telltaleLines(secret.getValue())
                                                .stream()
                                                .anyMatch(everything::contains))
                        .map(Map.Entry::getKey)
                        .toList();
        assertThat(leaked).as("secrets with a line in a workflow or a log").isEmpty();
    }

    private String workflowId(HostileInput hostile) {
        try {
            return started.get(hostile).join();
        } catch (RuntimeException e) {
            throw new AssertionError("could not start the workflow: " + e.getCause(), e);
        }
    }

    private Duration remaining() {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ofSeconds(1) : left;
    }

    private static boolean heldKeyCase(HostileInput hostile) {
        return hostile.category() == Category.KEY_NAME;
    }

    /** Named after what it reads from secrets, so cases that feed the task alike share it. */
    static String workflowName(HostileInput hostile) {
        String secrets =
                new TreeMap<>(hostile.secretInputs())
                        .entrySet().stream()
                                .map(e -> e.getKey() + "_" + e.getValue().name())
                                .collect(Collectors.joining("__"));
        String name =
                "corpus_"
                        + (heldKeyCase(hostile) ? "held_" : "")
                        + (secrets.isEmpty() ? "all_from_input" : secrets);
        return name.toLowerCase().replaceAll("[^a-z0-9_]", "_");
    }

    private static JsonNode definition(JsonNode base, String name, HostileInput hostile) {
        ObjectNode copy = base.deepCopy();
        copy.put("name", name);
        copy.remove("inputParameters");
        ObjectNode input = (ObjectNode) copy.path("tasks").path(0).path("inputParameters");
        input.removeAll();
        for (String field : HostileInputs.FIELDS) {
            boolean routesToWorker = field.equals("keyName") && !heldKeyCase(hostile);
            if (!field.equals("token") && !routesToWorker) {
                input.put(field, "${workflow.input." + field + "}");
            }
        }
        hostile.secretInputs()
                .forEach(
                        (field, secret) ->
                                input.put(field, "${workflow.secrets." + secret.name() + "}"));
        return copy;
    }
}
