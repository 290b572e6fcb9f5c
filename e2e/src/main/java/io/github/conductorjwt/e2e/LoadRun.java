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
 * <p>With {@code postgres}, the same on an embedded PostgreSQL with the cluster settings, three
 * phases in one run: nodes A and B (workflows started on both in turn), node A alone (B stopped), A
 * and a fresh node C. The cluster phases bracket the one-node phase, so drift shows as a difference
 * between them.
 *
 * <p>Arguments: server jar, plugin directory, workflows directory, [workflows per round=200],
 * [concurrent clients=4], [database: sqlite (one node, the default) or postgres].
 */
public final class LoadRun {

    static final String BASELINE = "load_baseline_jq";

    /** The example's task with cacheConfig (workflows/get_signed_jwt_cached.json). */
    private static final String CACHED = "get_signed_jwt_cached";

    private static final Map<String, Object> INPUT =
            Map.of(
                    "subject", "load@conductor-jwt.local",
                    "issuer", "load@conductor-jwt.local",
                    "audience", "https://api.example.com",
                    "scope", "read");

    private final ExecutorService pool;
    private final int perRound;

    private LoadRun(ExecutorService pool, int perRound) {
        this.pool = pool;
        this.perRound = perRound;
    }

    public static void main(String[] args) throws Exception {
        Path serverJar = Path.of(args[0]);
        Path pluginDir = Path.of(args[1]);
        WorkflowFiles workflows = new WorkflowFiles(Path.of(args[2]));
        int perRound = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        int clients = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        String database = args.length > 5 ? args[5] : "sqlite";

        Map<String, String> environment =
                Map.of(Demo.SECRET_ENV, DemoKey.rsa(2048).privateKeyPem());
        System.out.printf(
                "Load run: %d workflows per round, %d concurrent clients, %s, %d cores%n",
                perRound, clients, database, Runtime.getRuntime().availableProcessors());
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            LoadRun run = new LoadRun(pool, perRound);
            switch (database) {
                case "sqlite" -> run.oneNode(serverJar, pluginDir, environment, workflows);
                case "postgres" -> run.cluster(serverJar, pluginDir, environment, workflows);
                default ->
                        throw new IllegalArgumentException(
                                "database: sqlite or postgres, was " + database);
            }
        }
    }

    private void oneNode(
            Path serverJar,
            Path pluginDir,
            Map<String, String> environment,
            WorkflowFiles workflows)
            throws Exception {
        try (ConductorServer server = ConductorServer.start(serverJar, pluginDir, environment)) {
            ConductorApi api = new ConductorApi(server.baseUri());
            register(api, workflows);
            Phase phase = phase(List.of(api));
            phase.report("one node, SQLite");
            JsonNode last = api.awaitEnd(api.startWorkflow(CACHED, INPUT), Duration.ofMinutes(1));
            System.out.printf(
                    "  (a cacheConfig run after the rounds: output cached = %s)%n",
                    last.path("output").path("cached"));
        }
    }

    private void cluster(
            Path serverJar,
            Path pluginDir,
            Map<String, String> environment,
            WorkflowFiles workflows)
            throws Exception {
        try (PostgresCluster cluster = PostgresCluster.start(serverJar, pluginDir, environment)) {
            ConductorApi apiA = cluster.api(0);
            register(apiA, workflows);
            Phase first = phase(List.of(apiA, cluster.api(1)));
            cluster.node(1).close();
            Phase alone = phase(List.of(apiA));
            Phase second;
            try (ConductorServer nodeC = cluster.startNode(pluginDir, environment)) {
                second = phase(List.of(apiA, new ConductorApi(nodeC.baseUri())));
            }

            first.report("nodes A+B, PostgreSQL");
            alone.report("node A alone, same PostgreSQL");
            second.report("nodes A+C, same PostgreSQL");
            for (boolean jwt : new boolean[] {false, true}) {
                System.out.printf(
                        "%s throughput, two nodes / one node = x%.2f and x%.2f%n",
                        jwt ? "GET_SIGNED_JWT" : "baseline",
                        first.throughput(jwt) / alone.throughput(jwt),
                        second.throughput(jwt) / alone.throughput(jwt));
            }
        }
    }

    private static void register(ConductorApi api, WorkflowFiles workflows) {
        workflows.registerWith(api);
        api.putWorkflowDefs(List.of(baseline()));
    }

    /**
     * Warm-up, then baseline, GET_SIGNED_JWT and cached rounds interleaved so drift affects all.
     */
    private Phase phase(List<ConductorApi> nodes) throws Exception {
        round(nodes, BASELINE, perRound / 4); // warm-up, not reported
        round(nodes, Demo.WORKFLOW, perRound / 4);
        round(nodes, CACHED, perRound / 4);
        Round base1 = round(nodes, BASELINE, perRound);
        Round jwt1 = round(nodes, Demo.WORKFLOW, perRound);
        Round cached1 = round(nodes, CACHED, perRound);
        Round base2 = round(nodes, BASELINE, perRound);
        Round jwt2 = round(nodes, Demo.WORKFLOW, perRound);
        Round cached2 = round(nodes, CACHED, perRound);
        return new Phase(base1, base2, jwt1, jwt2, cached1, cached2);
    }

    /**
     * The example's shape with Conductor's own cheap synchronous task in place of ours; the
     * worker-path run measures against the same.
     */
    static JsonNode baseline() {
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

    /** Two baseline, two GET_SIGNED_JWT and two cacheConfig rounds on one set of nodes. */
    private record Phase(
            Round base1, Round base2, Round jwt1, Round jwt2, Round cached1, Round cached2) {
        double throughput(boolean jwt) {
            return jwt
                    ? (jwt1.throughput() + jwt2.throughput()) / 2
                    : (base1.throughput() + base2.throughput()) / 2;
        }

        void report(String label) {
            System.out.println(label + ":");
            line("baseline (JSON_JQ_TRANSFORM)", base1, base2);
            line("GET_SIGNED_JWT (RS256, 2048-bit)", jwt1, jwt2);
            System.out.printf(
                    "  GET_SIGNED_JWT throughput / baseline throughput = x%.2f; at saturation"
                            + " %.1f ms of server time per workflow against %.1f (%+.1f ms)%n",
                    throughput(true) / throughput(false),
                    1000 / throughput(true),
                    1000 / throughput(false),
                    1000 / throughput(true) - 1000 / throughput(false));
            line("GET_SIGNED_JWT with cacheConfig", cached1, cached2);
            System.out.printf(
                    "  with cacheConfig / without (same workflow, same run) = x%.2f%n",
                    (cached1.throughput() + cached2.throughput()) / 2 / throughput(true));
        }

        private static void line(String label, Round first, Round second) {
            System.out.printf(
                    "  %-34s %6.1f and %6.1f workflows/s; p50 %d ms, p95 %d ms%n",
                    label,
                    first.throughput(),
                    second.throughput(),
                    second.percentile(0.50),
                    second.percentile(0.95));
        }
    }

    /** Starts {@code count} workflows, each on the next node in turn, and waits for all. */
    private Round round(List<ConductorApi> nodes, String workflow, int count) throws Exception {
        long started = System.nanoTime();
        List<Future<Long>> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ConductorApi api = nodes.get(i % nodes.size());
            runs.add(
                    pool.submit(
                            () -> {
                                long t0 = System.nanoTime();
                                String id = api.startWorkflow(workflow, INPUT);
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
}
