package io.github.conductorjwt.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A bounded load run on the real server: the Orkes example workflow against a baseline of the same
 * shape whose one task is Conductor's own synchronous JSON_JQ_TRANSFORM, and against the same task
 * with cacheConfig (every run after the first reuses the token), all measured in the same run on
 * the same server, reported as ratios. Loopback only; stops by itself.
 *
 * <p>Arguments: server jar, plugin directory, workflows directory, [workflows per round=200],
 * [concurrent clients=4].
 */
public final class LoadRun {

    private static final String BASELINE = "load_baseline_jq";

    /** The example's task with cacheConfig (workflows/get_signed_jwt_cached.json). */
    private static final String CACHED = "get_signed_jwt_cached";

    private LoadRun() {}

    public static void main(String[] args) throws Exception {
        Path serverJar = Path.of(args[0]);
        Path pluginDir = Path.of(args[1]);
        WorkflowFiles workflows = new WorkflowFiles(Path.of(args[2]));
        int perRound = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        int clients = args.length > 4 ? Integer.parseInt(args[4]) : 4;

        DemoKey key = DemoKey.rsa(2048);
        try (ConductorServer server =
                        ConductorServer.start(
                                serverJar,
                                pluginDir,
                                Map.of(Demo.SECRET_ENV, key.privateKeyPem()));
                ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            ConductorApi api = new ConductorApi(server.baseUri());
            workflows.registerWith(api);
            api.putWorkflowDefs(List.of(baseline()));
            Map<String, Object> input =
                    Map.of(
                            "subject", "load@conductor-jwt.local",
                            "issuer", "load@conductor-jwt.local",
                            "audience", "https://api.example.com",
                            "scope", "read");

            System.out.printf(
                    "Load run: %d workflows per round, %d concurrent clients, server %s%n",
                    perRound, clients, server.baseUri());
            round(api, pool, BASELINE, input, perRound / 4); // warm-up, not reported
            round(api, pool, Demo.WORKFLOW, input, perRound / 4);
            round(api, pool, CACHED, input, perRound / 4);
            // Interleaved rounds so drift affects all alike.
            Round base1 = round(api, pool, BASELINE, input, perRound);
            Round jwt1 = round(api, pool, Demo.WORKFLOW, input, perRound);
            Round cached1 = round(api, pool, CACHED, input, perRound);
            Round base2 = round(api, pool, BASELINE, input, perRound);
            Round jwt2 = round(api, pool, Demo.WORKFLOW, input, perRound);
            Round cached2 = round(api, pool, CACHED, input, perRound);

            report("baseline (JSON_JQ_TRANSFORM)", base1, base2);
            report("GET_SIGNED_JWT (RS256, 2048-bit)", jwt1, jwt2);
            double ratio =
                    (jwt1.throughput() + jwt2.throughput())
                            / (base1.throughput() + base2.throughput());
            System.out.printf("GET_SIGNED_JWT throughput / baseline throughput = x%.2f%n", ratio);
            report("GET_SIGNED_JWT with cacheConfig", cached1, cached2);
            System.out.printf(
                    "with cacheConfig / without (same workflow, same run) = x%.2f%n",
                    (cached1.throughput() + cached2.throughput())
                            / (jwt1.throughput() + jwt2.throughput()));
            JsonNode last = api.awaitEnd(api.startWorkflow(CACHED, input), Duration.ofMinutes(1));
            System.out.printf(
                    "  (a cacheConfig run after the rounds: output cached = %s)%n",
                    last.path("output").path("cached"));
        }
    }

    /** The example's shape with Conductor's own cheap synchronous task in place of ours. */
    private static JsonNode baseline() {
        return new ObjectMapper()
                .valueToTree(
                        Map.of(
                                "name",
                                BASELINE,
                                "version",
                                1,
                                "schemaVersion",
                                2,
                                "ownerEmail",
                                "conductor-jwt@example.com",
                                "tasks",
                                List.of(
                                        Map.of(
                                                "name", "jq",
                                                "taskReferenceName", "jq_ref",
                                                "type", "JSON_JQ_TRANSFORM",
                                                "inputParameters",
                                                        Map.of(
                                                                "subject",
                                                                "${workflow.input.subject}",
                                                                "queryExpression",
                                                                "{token: .subject}")))));
    }

    private record Round(int completed, Duration elapsed, List<Long> latenciesMillis) {
        double throughput() {
            return completed / (elapsed.toNanos() / 1e9);
        }

        long percentile(double p) {
            List<Long> sorted = new ArrayList<>(latenciesMillis);
            Collections.sort(sorted);
            return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
        }
    }

    private static Round round(
            ConductorApi api,
            ExecutorService pool,
            String workflow,
            Map<String, Object> input,
            int count)
            throws Exception {
        long started = System.nanoTime();
        List<Future<Long>> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            runs.add(
                    pool.submit(
                            () -> {
                                long t0 = System.nanoTime();
                                String id = api.startWorkflow(workflow, input);
                                JsonNode end = api.awaitEnd(id, Duration.ofMinutes(1));
                                if (!"COMPLETED".equals(end.path("status").asText())) {
                                    throw new IllegalStateException(
                                            workflow + " ended " + end.path("status").asText());
                                }
                                return (System.nanoTime() - t0) / 1_000_000;
                            }));
        }
        List<Long> latencies = new ArrayList<>();
        for (Future<Long> run : runs) {
            latencies.add(run.get());
        }
        return new Round(count, Duration.ofNanos(System.nanoTime() - started), latencies);
    }

    private static void report(String label, Round first, Round second) {
        System.out.printf(
                "  %-34s %6.1f and %6.1f workflows/s; p50 %d ms, p95 %d ms%n",
                label,
                first.throughput(),
                second.throughput(),
                second.percentile(0.50),
                second.percentile(0.95));
    }
}
