package io.github.conductorjwt.e2e;

import io.github.conductorjwt.e2e.LoadRun.Round;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
        Round.report("baseline (JSON_JQ_TRANSFORM)", base1, base2);
        Round.report("GET_SIGNED_JWT, plugin (RS256)", jwt1, jwt2);
        Round.report("GET_SIGNED_JWT, worker (RS256)", held1, held2);
        System.out.printf(
                "  plugin throughput / baseline throughput = x%.2f%n",
                ratio(jwt1, jwt2, base1, base2));
        System.out.printf(
                "  worker throughput / plugin throughput = x%.2f%n",
                ratio(held1, held2, jwt1, jwt2));
        System.out.printf(
                "  server CPU per workflow: plugin / baseline = x%.2f, worker / plugin = x%.2f%n",
                Round.cpuPerWorkflow(jwt1, jwt2) / Round.cpuPerWorkflow(base1, base2),
                Round.cpuPerWorkflow(held1, held2) / Round.cpuPerWorkflow(jwt1, jwt2));
    }

    /**
     * The worker as an operator starts it (only where the server and keys are), and, for comparison
     * in the same run, with the default poll timeout it had before (10 ms, which Conductor's SQL
     * queues turn into a 100 ms sleep whenever a batch is not full).
     */
    private static final Map<String, Map<String, String>> WORKER_SETTINGS =
            new java.util.LinkedHashMap<>();

    static {
        WORKER_SETTINGS.put("its default settings", Map.of());
        WORKER_SETTINGS.put(
                "the poll timeout before (10 ms)",
                Map.of("CONDUCTOR_JWT_WORKER_POLL_TIMEOUT_MS", "10"));
    }

    private static double ratio(Round a1, Round a2, Round b1, Round b2) {
        return Round.throughput(a1, a2) / Round.throughput(b1, b2);
    }

    /** What the plugin or worker logged at start: "accp" or "jdk". */
    static String signingProvider(String log) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("[Ss]igns? with (\\w+)|Signing with (\\w+)")
                        .matcher(log);
        if (!m.find()) {
            return "unknown";
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private static Round round(
            ConductorServer server,
            ConductorApi api,
            ExecutorService pool,
            String workflow,
            Map<String, Object> input,
            int count)
            throws Exception {
        return Round.run(pool, List.of(api), server::cpuTime, workflow, input, count);
    }
}
