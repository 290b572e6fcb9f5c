package io.github.conductorjwt.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A bounded load run on the real server: the Orkes example workflow against a baseline of the same
 * shape whose one task is Conductor's own synchronous JSON_JQ_TRANSFORM, and against the same task
 * with cacheConfig (every run after the first reuses the token), all measured in the same run on
 * the same server, reported as ratios, with the server process's CPU time per workflow. On SQLite
 * it runs once per signing provider (a server started with {@code jdk}, then one with {@code
 * accp}): what a token costs the server with each, against the same baseline. Loopback only; stops
 * by itself.
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
                case "sqlite" ->
                        run.oneNodePerProvider(serverJar, pluginDir, environment, workflows);
                case "postgres" -> run.cluster(serverJar, pluginDir, environment, workflows);
                default ->
                        throw new IllegalArgumentException(
                                "database: sqlite or postgres, was " + database);
            }
        }
    }

    /** What the plugin signs with, set per server: Spring reads conductor.jwt.provider from it. */
    private static final String PROVIDER_ENV = "CONDUCTOR_JWT_PROVIDER";

    private void oneNodePerProvider(
            Path serverJar,
            Path pluginDir,
            Map<String, String> environment,
            WorkflowFiles workflows)
            throws Exception {
        Map<String, Phase> byProvider = new java.util.LinkedHashMap<>();
        for (String provider : List.of("jdk", "accp")) {
            Map<String, String> withProvider = new java.util.HashMap<>(environment);
            withProvider.put(PROVIDER_ENV, provider);
            byProvider.put(provider, oneNode(serverJar, pluginDir, withProvider, workflows));
        }
        System.out.println("Server CPU per GET_SIGNED_JWT workflow against the baseline's:");
        byProvider.forEach(
                (provider, phase) ->
                        System.out.printf(
                                "  %-4s x%.2f (%+.1f ms)%n",
                                provider,
                                phase.cpuPerWorkflow(true) / phase.cpuPerWorkflow(false),
                                phase.cpuPerWorkflow(true) - phase.cpuPerWorkflow(false)));
    }

    private Phase oneNode(
            Path serverJar,
            Path pluginDir,
            Map<String, String> environment,
            WorkflowFiles workflows)
            throws Exception {
        try (ConductorServer server = ConductorServer.start(serverJar, pluginDir, environment)) {
            ConductorApi api = new ConductorApi(server.baseUri());
            register(api, workflows);
            Phase phase = phase(List.of(api), server::cpuTime);
            // As the plugin logged it at start, not as asked for.
            phase.report(
                    "one node, SQLite, the plugin signing with "
                            + WorkerPathLoadRun.signingProvider(server.log()));
            JsonNode last = api.awaitEnd(api.startWorkflow(CACHED, INPUT), Duration.ofMinutes(1));
            System.out.printf(
                    "  (a cacheConfig run after the rounds: output cached = %s)%n",
                    last.path("output").path("cached"));
            return phase;
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
            ConductorServer nodeA = cluster.node(0);
            ConductorServer nodeB = cluster.node(1);
            Phase first =
                    phase(
                            List.of(apiA, cluster.api(1)),
                            () -> nodeA.cpuTime().plus(nodeB.cpuTime()));
            nodeB.close();
            Phase alone = phase(List.of(apiA), nodeA::cpuTime);
            Phase second;
            try (ConductorServer nodeC = cluster.startNode(pluginDir, environment)) {
                second =
                        phase(
                                List.of(apiA, new ConductorApi(nodeC.baseUri())),
                                () -> nodeA.cpuTime().plus(nodeC.cpuTime()));
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
    private Phase phase(List<ConductorApi> nodes, Supplier<Duration> serverCpu) throws Exception {
        round(nodes, serverCpu, BASELINE, perRound / 4); // warm-up, not reported
        round(nodes, serverCpu, Demo.WORKFLOW, perRound / 4);
        round(nodes, serverCpu, CACHED, perRound / 4);
        Round base1 = round(nodes, serverCpu, BASELINE, perRound);
        Round jwt1 = round(nodes, serverCpu, Demo.WORKFLOW, perRound);
        Round cached1 = round(nodes, serverCpu, CACHED, perRound);
        Round base2 = round(nodes, serverCpu, BASELINE, perRound);
        Round jwt2 = round(nodes, serverCpu, Demo.WORKFLOW, perRound);
        Round cached2 = round(nodes, serverCpu, CACHED, perRound);
        return new Phase(base1, base2, jwt1, jwt2, cached1, cached2);
    }

    private Round round(
            List<ConductorApi> nodes, Supplier<Duration> serverCpu, String workflow, int count)
            throws Exception {
        return Round.run(
                pool, nodes, () -> Costs.ofServer(serverCpu.get()), workflow, INPUT, count);
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

    /**
     * One round, as both load runs measure it: {@code count} workflows started by the clients, each
     * on the next node in turn, and awaited; throughput, latency (the server's own start and end
     * time of each workflow), what the round cost the servers and the worker per workflow (what the
     * path costs, load or not), and the 1-minute load average at its end.
     */
    record Round(
            int completed,
            Duration elapsed,
            List<Long> latenciesMillis,
            Costs costs,
            double loadAverage) {

        /**
         * How often the clients learn which workflows have ended: one read for all in flight, so
         * its cost is per second, not per workflow. Latency is the server's own end time minus
         * start time, so this step does not quantise it.
         */
        static final Duration STATUS_EVERY = Duration.ofMillis(10);

        static Round run(
                ExecutorService pool,
                List<ConductorApi> nodes,
                Supplier<Costs> costs,
                String workflow,
                Map<String, Object> input,
                int count)
                throws Exception {
            try (CompletionWatcher watcher =
                    new CompletionWatcher(nodes.get(0), workflow, STATUS_EVERY)) {
                long started = System.nanoTime();
                Costs before = costs.get();
                List<Future<Long>> runs = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    ConductorApi api = nodes.get(i % nodes.size());
                    runs.add(pool.submit(() -> runOne(api, watcher, workflow, input)));
                }
                List<Long> latencies = new ArrayList<>();
                for (Future<Long> run : runs) {
                    latencies.add(run.get());
                }
                return new Round(
                        count,
                        Duration.ofNanos(System.nanoTime() - started),
                        latencies,
                        costs.get().minus(before),
                        currentLoadAverage());
            }
        }

        /** Starts one workflow, waits for its end, reads it once; its latency on the server. */
        private static long runOne(
                ConductorApi api,
                CompletionWatcher watcher,
                String workflow,
                Map<String, Object> input)
                throws Exception {
            String id = api.startWorkflow(workflow, input);
            try {
                watcher.ended(id).get(1, TimeUnit.MINUTES);
            } catch (TimeoutException e) {
                throw new IllegalStateException(workflow + " " + id + " still running after 1 min");
            }
            JsonNode end = api.workflowSummary(id);
            if (!"COMPLETED".equals(end.path("status").asText())) {
                throw new IllegalStateException(
                        workflow
                                + " ended "
                                + end.path("status").asText()
                                + ": "
                                + end.path("reasonForIncompletion").asText());
            }
            return end.path("endTime").asLong() - end.path("startTime").asLong();
        }

        /** The 1-minute load average, where the system tells it; NaN elsewhere. */
        private static double currentLoadAverage() {
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return load < 0 ? Double.NaN : load;
        }

        double throughput() {
            return completed / (elapsed.toNanos() / 1e9);
        }

        double serverCpuMillisPerWorkflow() {
            return costs.serverCpu().toNanos() / 1e6 / completed;
        }

        double workerCpuMillisPerWorkflow() {
            return costs.workerCpu().toNanos() / 1e6 / completed;
        }

        /** The mean of two rounds of one kind. */
        static double throughput(Round first, Round second) {
            return (first.throughput() + second.throughput()) / 2;
        }

        /** The mean of two rounds of one kind. */
        static double cpuPerWorkflow(Round first, Round second) {
            return (first.serverCpuMillisPerWorkflow() + second.serverCpuMillisPerWorkflow()) / 2;
        }

        /** The mean of two rounds of one kind. */
        static double workerCpuPerWorkflow(Round first, Round second) {
            return (first.workerCpuMillisPerWorkflow() + second.workerCpuMillisPerWorkflow()) / 2;
        }

        /** Requests of one kind per workflow over two rounds. */
        static double requestsPerWorkflow(Round first, Round second, RequestLog.Kind kind) {
            return (double)
                            (first.costs.requests().getOrDefault(kind, 0L)
                                    + second.costs.requests().getOrDefault(kind, 0L))
                    / (first.completed + second.completed);
        }

        /** All requests per workflow over two rounds. */
        static double requestsPerWorkflow(Round first, Round second) {
            double sum = 0;
            for (RequestLog.Kind kind : RequestLog.Kind.values()) {
                sum += requestsPerWorkflow(first, second, kind);
            }
            return sum;
        }

        /** Latency percentile over two rounds. */
        static long percentile(Round first, Round second, double p) {
            return percentile(List.of(first, second), p);
        }

        /** Latency percentile over rounds of one kind. */
        static long percentile(List<Round> rounds, double p) {
            List<Long> sorted = new ArrayList<>();
            rounds.forEach(round -> sorted.addAll(round.latenciesMillis));
            Collections.sort(sorted);
            return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
        }

        /** Report lines for two rounds of one kind. */
        static void report(String label, Round first, Round second) {
            System.out.printf(
                    "  %-34s %6.1f and %6.1f workflows/s; p50 %d ms, p95 %d ms; server CPU %.1f"
                            + " ms/workflow%s; load %.1f, %.1f%n",
                    label,
                    first.throughput(),
                    second.throughput(),
                    percentile(first, second, 0.50),
                    percentile(first, second, 0.95),
                    cpuPerWorkflow(first, second),
                    first.costs.workerCpu().isZero() && second.costs.workerCpu().isZero()
                            ? ""
                            : String.format(
                                    "; worker CPU %.1f ms/workflow",
                                    workerCpuPerWorkflow(first, second)),
                    first.loadAverage,
                    second.loadAverage);
            if (!first.costs.requests().isEmpty()) {
                StringBuilder line = new StringBuilder();
                for (RequestLog.Kind kind : RequestLog.Kind.values()) {
                    line.append(
                            String.format(
                                    " %s %.2f",
                                    kind.name().toLowerCase(java.util.Locale.ROOT),
                                    requestsPerWorkflow(first, second, kind)));
                }
                System.out.printf(
                        "  %-34s requests/workflow %.2f:%s%n",
                        "", requestsPerWorkflow(first, second), line);
            }
        }
    }

    /** Two baseline, two GET_SIGNED_JWT and two cacheConfig rounds on one set of nodes. */
    private record Phase(
            Round base1, Round base2, Round jwt1, Round jwt2, Round cached1, Round cached2) {
        double throughput(boolean jwt) {
            return jwt ? Round.throughput(jwt1, jwt2) : Round.throughput(base1, base2);
        }

        double cpuPerWorkflow(boolean jwt) {
            return jwt ? Round.cpuPerWorkflow(jwt1, jwt2) : Round.cpuPerWorkflow(base1, base2);
        }

        void report(String label) {
            System.out.println(label + ":");
            Round.report("baseline (JSON_JQ_TRANSFORM)", base1, base2);
            Round.report("GET_SIGNED_JWT (RS256, 2048-bit)", jwt1, jwt2);
            System.out.printf(
                    "  GET_SIGNED_JWT / baseline: throughput x%.2f, server CPU per workflow x%.2f"
                            + " (%+.1f ms)%n",
                    throughput(true) / throughput(false),
                    cpuPerWorkflow(true) / cpuPerWorkflow(false),
                    cpuPerWorkflow(true) - cpuPerWorkflow(false));
            Round.report("GET_SIGNED_JWT with cacheConfig", cached1, cached2);
            System.out.printf(
                    "  with cacheConfig / without (same workflow, same run): throughput x%.2f,"
                            + " server CPU per workflow x%.2f%n",
                    Round.throughput(cached1, cached2) / throughput(true),
                    Round.cpuPerWorkflow(cached1, cached2) / cpuPerWorkflow(true));
        }
    }
}
