package io.github.conductorjwt.e2e;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The worker path's load run (LoadRun has the plugin against baselines and clusters): the Orkes
 * example workflow (signed by the plugin) and the held-key workflow (signed by the external worker,
 * with its default settings) against a baseline of the same shape whose one task is Conductor's own
 * synchronous JSON_JQ_TRANSFORM, all measured in the same run on the same server, reported as
 * ratios. Loopback only; stops by itself.
 *
 * <p>Arguments: server jar, plugin directory, workflows directory, worker jar, [workflows per
 * round=200], [concurrent clients=4].
 */
public final class WorkerPathLoadRun {

    private static final String HELD_KEY_WORKFLOW = "get_signed_jwt_held_key";
    private static final String HELD_KEY_NAME = "load-key";

    /** A workflow's status is read this often: 100 ms would cap a client at 10 workflows/s. */
    private static final Duration STATUS_EVERY = Duration.ofMillis(10);

    private WorkerPathLoadRun() {}

    public static void main(String[] args) throws Exception {
        Path serverJar = Path.of(args[0]);
        Path pluginDir = Path.of(args[1]);
        WorkflowFiles workflows = new WorkflowFiles(Path.of(args[2]));
        Path workerJar = Path.of(args[3]);
        int perRound = args.length > 4 ? Integer.parseInt(args[4]) : 200;
        int clients = args.length > 5 ? Integer.parseInt(args[5]) : 4;

        DemoKey key = DemoKey.rsa(2048);
        try (ConductorServer server =
                        ConductorServer.start(
                                serverJar,
                                pluginDir,
                                Map.of(Demo.SECRET_ENV, key.privateKeyPem()));
                HeldKeyDir heldKeys =
                        HeldKeyDir.create().add(HELD_KEY_NAME, "load-1", DemoKey.rsa(2048));
                ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            ConductorApi api = new ConductorApi(server.baseUri());
            workflows.registerWith(api);
            api.putWorkflowDefs(List.of(LoadRun.baseline()));
            Map<String, Object> input =
                    Map.of(
                            "subject", "load@conductor-jwt.local",
                            "issuer", "load@conductor-jwt.local",
                            "audience", "https://api.example.com",
                            "scope", "read");
            Map<String, Object> heldKeyInput = new java.util.HashMap<>(input);
            heldKeyInput.put("keyName", HELD_KEY_NAME);

            System.out.printf(
                    "Load run: %d workflows per round, %d concurrent clients, server %s%n",
                    perRound, clients, server.baseUri());
            round(
                    server,
                    api,
                    pool,
                    LoadRun.BASELINE,
                    input,
                    perRound / 4); // warm-up, not reported
            round(server, api, pool, Demo.WORKFLOW, input, perRound / 4);
            System.out.println("Signing provider: server " + signingProvider(server.log()));

            for (Map.Entry<String, Map<String, String>> settings : WORKER_SETTINGS.entrySet()) {
                Map<String, String> environment = new java.util.HashMap<>(settings.getValue());
                environment.put("CONDUCTOR_SERVER_URL", server.baseUri() + "/api");
                environment.put("CONDUCTOR_JWT_KEYS_DIR", heldKeys.path().toString());
                environment.put("CONDUCTOR_JWT_JWKS_ADDRESS", "off");
                try (WorkerProcess worker = WorkerProcess.start(workerJar, environment)) {
                    try {
                        workerRounds(
                                server,
                                api,
                                pool,
                                settings.getKey(),
                                worker,
                                input,
                                heldKeyInput,
                                perRound);
                    } catch (Exception e) {
                        // Say why, and stop the clients still waiting rather than wait them out.
                        String log = worker.log();
                        System.out.printf(
                                "Worker with %s: the run failed (%s); worker alive: %s; its log"
                                        + " ends:%n%s%n",
                                settings.getKey(),
                                e,
                                worker.isAlive(),
                                log.substring(Math.max(0, log.length() - 3000)));
                        pool.shutdownNow();
                        throw e;
                    }
                }
            }
        }
    }

    private static void workerRounds(
            ConductorServer server,
            ConductorApi api,
            ExecutorService pool,
            String settings,
            WorkerProcess worker,
            Map<String, Object> input,
            Map<String, Object> heldKeyInput,
            int perRound)
            throws Exception {
        round(server, api, pool, HELD_KEY_WORKFLOW, heldKeyInput, perRound / 4);
        // Interleaved rounds so drift affects all alike.
        Round base1 = round(server, api, pool, LoadRun.BASELINE, input, perRound);
        Round jwt1 = round(server, api, pool, Demo.WORKFLOW, input, perRound);
        Round held1 = round(server, api, pool, HELD_KEY_WORKFLOW, heldKeyInput, perRound);
        Round base2 = round(server, api, pool, LoadRun.BASELINE, input, perRound);
        Round jwt2 = round(server, api, pool, Demo.WORKFLOW, input, perRound);
        Round held2 = round(server, api, pool, HELD_KEY_WORKFLOW, heldKeyInput, perRound);

        System.out.printf(
                "Worker with %s (signing with %s):%n", settings, signingProvider(worker.log()));
        report("baseline (JSON_JQ_TRANSFORM)", base1, base2);
        report("GET_SIGNED_JWT, plugin (RS256)", jwt1, jwt2);
        report("GET_SIGNED_JWT, worker (RS256)", held1, held2);
        System.out.printf(
                "  plugin throughput / baseline throughput = x%.2f%n",
                ratio(jwt1, jwt2, base1, base2));
        System.out.printf(
                "  worker throughput / plugin throughput = x%.2f%n",
                ratio(held1, held2, jwt1, jwt2));
        System.out.printf(
                "  server CPU per workflow: plugin / baseline = x%.2f, worker / plugin = x%.2f%n",
                cpu(jwt1, jwt2) / cpu(base1, base2), cpu(held1, held2) / cpu(jwt1, jwt2));
    }

    /**
     * The worker as an operator starts it (only where the server and keys are), and, for comparison
     * in the same run, with the settings it had before issue 13.
     */
    private static final Map<String, Map<String, String>> WORKER_SETTINGS =
            new java.util.LinkedHashMap<>();

    static {
        WORKER_SETTINGS.put("its default settings", Map.of());
        WORKER_SETTINGS.put(
                "the settings before issue 13 (4 threads, 100 ms interval, 100 ms poll timeout)",
                Map.of(
                        "CONDUCTOR_JWT_WORKER_THREADS", "4",
                        "CONDUCTOR_JWT_WORKER_POLL_INTERVAL_MS", "100",
                        "CONDUCTOR_JWT_WORKER_POLL_TIMEOUT_MS", "100"));
    }

    private static double cpu(Round first, Round second) {
        return first.serverCpuMillisPerWorkflow() + second.serverCpuMillisPerWorkflow();
    }

    private static double ratio(Round a1, Round a2, Round b1, Round b2) {
        return (a1.throughput() + a2.throughput()) / (b1.throughput() + b2.throughput());
    }

    /** What the plugin or worker logged at start: "accp" or "jdk". */
    private static String signingProvider(String log) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("[Ss]igns? with (\\w+)|Signing with (\\w+)")
                        .matcher(log);
        if (!m.find()) {
            return "unknown";
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private record Round(
            int completed, Duration elapsed, List<Long> latenciesMillis, Duration serverCpu) {
        double throughput() {
            return completed / (elapsed.toNanos() / 1e9);
        }

        /** The server's CPU per workflow: what the path costs the decide loop, load or not. */
        double serverCpuMillisPerWorkflow() {
            return serverCpu.toNanos() / 1e6 / completed;
        }

        long percentile(double p) {
            List<Long> sorted = new ArrayList<>(latenciesMillis);
            Collections.sort(sorted);
            return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
        }
    }

    private static Round round(
            ConductorServer server,
            ConductorApi api,
            ExecutorService pool,
            String workflow,
            Map<String, Object> input,
            int count)
            throws Exception {
        long started = System.nanoTime();
        Duration cpuBefore = server.cpuTime();
        List<Future<Long>> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            runs.add(
                    pool.submit(
                            () -> {
                                long t0 = System.nanoTime();
                                String id = api.startWorkflow(workflow, input);
                                JsonNode end =
                                        api.awaitEnd(id, Duration.ofMinutes(1), STATUS_EVERY);
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
        return new Round(
                count,
                Duration.ofNanos(System.nanoTime() - started),
                latencies,
                server.cpuTime().minus(cpuBefore));
    }

    private static void report(String label, Round first, Round second) {
        System.out.printf(
                "  %-34s %6.1f and %6.1f workflows/s; p50 %d ms, p95 %d ms; server CPU %.1f"
                        + " ms/workflow%n",
                label,
                first.throughput(),
                second.throughput(),
                second.percentile(0.50),
                second.percentile(0.95),
                (first.serverCpuMillisPerWorkflow() + second.serverCpuMillisPerWorkflow()) / 2);
    }
}
