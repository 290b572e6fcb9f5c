package io.github.conductorjwt.e2e;

import io.github.conductorjwt.core.TestKeys;
import io.github.conductorjwt.e2e.LoadRun.Round;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The worker path's load run (LoadRun has the plugin against baselines and clusters): the Orkes
 * example workflow (signed by the plugin) and the held-key workflow (signed by the external worker)
 * against a baseline of the same shape whose one task is Conductor's own synchronous
 * JSON_JQ_TRANSFORM, all on the same server in the same run, reported as ratios, once per worker
 * setting: rounds interleaved, the worker paused (SIGSTOP) for the baseline and plugin rounds. Each
 * path's cost per workflow: the server's CPU, the worker's CPU, and the requests the server
 * answered (the worker's polls and updates, the load run's own starts and reads). Loopback only;
 * stops by itself. Then our worker against an {@link EmptyWorker}, the limit of the worker path
 * ({@link EmptyWorkerComparison}).
 *
 * <p>Arguments: server jar, plugin directory, workflows directory, worker jar, [workflows per
 * round=200], [concurrent clients=4], [phases: {@code all} (the default) or {@code empty-worker},
 * the comparison alone]. With {@code -Dload.worker.jfr=FILE} our worker records a JFR profile there
 * (settings=profile) for the whole run.
 */
public final class WorkerPathLoadRun {

    private static final String HELD_KEY_WORKFLOW = "get_signed_jwt_held_key";
    private static final String HELD_KEY_NAME = "load-key";

    /**
     * The held-key workflow signing ES256 with a P-256 key, registered by the run only: our
     * worker's CPU against the empty worker's with a signature of tens of microseconds, not RS256's
     * most of a millisecond.
     */
    private static final String HELD_KEY_ES256_WORKFLOW = HELD_KEY_WORKFLOW + "_es256";

    private static final String HELD_KEY_ES256_NAME = "load-key-ec";

    /**
     * The worker's setting names (its classes stay off this module's class path); the empty worker
     * reads the same.
     */
    static final String SERVER_URL = "CONDUCTOR_SERVER_URL";

    static final String POLL_INTERVAL_MS = "CONDUCTOR_JWT_WORKER_POLL_INTERVAL_MS";

    static final String POLL_TIMEOUT_MS = "CONDUCTOR_JWT_WORKER_POLL_TIMEOUT_MS";

    static final String THREADS = "CONDUCTOR_JWT_WORKER_THREADS";

    static final String TASK_TYPES = "CONDUCTOR_JWT_WORKER_TASK_TYPES";

    /**
     * Both workers of the comparison: our defaults written out, so that the empty worker gets them
     * too, and the one type a server with the plugin hands a held-key task over as.
     */
    private static final Map<String, String> COMPARED_SETTINGS =
            new java.util.TreeMap<>(
                    Map.of(
                            TASK_TYPES, "GET_SIGNED_JWT_HELD_KEY",
                            THREADS, "8",
                            POLL_INTERVAL_MS, "50",
                            POLL_TIMEOUT_MS, "0"));

    /** A file for our worker's JFR recording; unset or {@code off} for none. */
    private static final String JFR_PROPERTY = "load.worker.jfr";

    private WorkerPathLoadRun() {}

    public static void main(String[] args) throws Exception {
        Path serverJar = Path.of(args[0]);
        Path pluginDir = Path.of(args[1]);
        WorkflowFiles workflows = new WorkflowFiles(Path.of(args[2]));
        Path workerJar = Path.of(args[3]);
        int perRound = args.length > 4 ? Integer.parseInt(args[4]) : 200;
        int clients = args.length > 5 ? Integer.parseInt(args[5]) : 4;
        boolean allPhases = args.length <= 6 || args[6].equals("all");
        if (!allPhases && !args[6].equals("empty-worker")) {
            throw new IllegalArgumentException("phases: all or empty-worker, was " + args[6]);
        }

        DemoKey key = DemoKey.rsa(2048);
        try (RequestLog requests = RequestLog.create();
                ConductorServer server =
                        ConductorServer.start(
                                serverJar,
                                pluginDir,
                                Map.of(Demo.SECRET_ENV, key.privateKeyPem()),
                                requests.serverSettings());
                HeldKeyDir heldKeys =
                        HeldKeyDir.create()
                                .add(HELD_KEY_NAME, "load-1", DemoKey.rsa(2048))
                                .add(HELD_KEY_ES256_NAME, "load-ec-1", TestKeys.ec("secp256r1"));
                ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            ConductorApi api = new ConductorApi(server.baseUri());
            workflows.registerWith(api);
            api.putWorkflowDefs(List.of(LoadRun.baseline(), es256Variant(workflows)));
            Map<String, Object> input =
                    Map.of(
                            "subject", "load@conductor-jwt.local",
                            "issuer", "load@conductor-jwt.local",
                            "audience", "https://api.example.com",
                            "scope", "read");
            Map<String, Object> heldKeyInput = new java.util.HashMap<>(input);
            heldKeyInput.put("keyName", HELD_KEY_NAME);
            Map<String, Object> es256Input = new java.util.HashMap<>(input);
            es256Input.put("keyName", HELD_KEY_ES256_NAME);
            Map<String, Map<String, Object>> inputs =
                    Map.of(
                            HELD_KEY_WORKFLOW,
                            heldKeyInput,
                            HELD_KEY_ES256_WORKFLOW,
                            es256Input,
                            Demo.WORKFLOW,
                            input);

            System.out.printf(
                    "Load run: %d workflows per round, %d concurrent clients, server %s, %d"
                            + " cores%n",
                    perRound,
                    clients,
                    server.baseUri(),
                    Runtime.getRuntime().availableProcessors());
            Rounds warmUp =
                    new Rounds(
                            api,
                            pool,
                            () -> new Costs(server.cpuTime(), Duration.ZERO, requests.counts()),
                            input,
                            heldKeyInput,
                            perRound);
            // The server's warm-up, not reported: with a quarter round, the first phase's plugin
            // rounds still ran slower than the later phases' and flattered its worker ratio.
            warmUp.round(LoadRun.BASELINE, perRound);
            warmUp.round(Demo.WORKFLOW, perRound);
            System.out.println("Signing provider: server " + signingProvider(server.log()));

            Map<String, WorkerPhase> phases = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, Map<String, String>> settings :
                    allPhases
                            ? WORKER_SETTINGS.entrySet()
                            : Map.<String, Map<String, String>>of().entrySet()) {
                Map<String, String> environment = new java.util.HashMap<>(settings.getValue());
                environment.put(SERVER_URL, server.baseUri() + "/api");
                environment.put("CONDUCTOR_JWT_KEYS_DIR", heldKeys.path().toString());
                environment.put("CONDUCTOR_JWT_JWKS_ADDRESS", "off");
                try (WorkerProcess worker = WorkerProcess.start(workerJar, environment)) {
                    Rounds withWorker =
                            new Rounds(
                                    api,
                                    pool,
                                    () ->
                                            new Costs(
                                                    server.cpuTime(),
                                                    worker.cpuTime(),
                                                    requests.counts()),
                                    input,
                                    heldKeyInput,
                                    perRound);
                    try {
                        WorkerPhase phase = withWorker.withWorker(worker);
                        phase.report(settings.getKey(), signingProvider(worker.log()));
                        phases.put(settings.getKey(), phase);
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
            Map<String, String> environment = new java.util.HashMap<>(COMPARED_SETTINGS);
            environment.put(SERVER_URL, server.baseUri() + "/api");
            environment.put("CONDUCTOR_JWT_KEYS_DIR", heldKeys.path().toString());
            environment.put("CONDUCTOR_JWT_JWKS_ADDRESS", "off");
            Map<String, EmptyWorkerComparison> comparisons = new java.util.LinkedHashMap<>();
            try (WorkerProcess ours =
                            WorkerProcess.start(workerJar, profilerOptions(), environment);
                    WorkerProcess empty =
                            WorkerProcess.start(
                                    workerJar,
                                    classesOf(EmptyWorker.class),
                                    EmptyWorker.class.getName(),
                                    environment)) {
                EmptyWorkerComparison.Rounds rounds =
                        (workflow, active) ->
                                Round.run(
                                        pool,
                                        List.of(api),
                                        () ->
                                                new Costs(
                                                        server.cpuTime(),
                                                        active == null
                                                                ? Duration.ZERO
                                                                : active.cpuTime(),
                                                        requests.counts()),
                                        workflow,
                                        inputs.get(workflow),
                                        perRound);
                comparisons.put(
                        "RS256",
                        EmptyWorkerComparison.run(
                                ours,
                                empty,
                                rounds,
                                HELD_KEY_WORKFLOW,
                                Demo.WORKFLOW,
                                EmptyWorkerComparison.CYCLES,
                                EmptyWorkerComparison.OUR_WARM_UP,
                                EmptyWorkerComparison.EMPTY_WARM_UP));
                comparisons.put(
                        "ES256",
                        EmptyWorkerComparison.run(
                                ours,
                                empty,
                                rounds,
                                HELD_KEY_ES256_WORKFLOW,
                                null,
                                EmptyWorkerComparison.CYCLES,
                                // Warm but for the ES256 path; the empty worker's output is fixed.
                                EmptyWorkerComparison.EMPTY_WARM_UP,
                                0));
            }
            comparisons.forEach(
                    (algorithm, comparison) -> comparison.report(algorithm, COMPARED_SETTINGS));
            if (!phases.isEmpty()) {
                System.out.println("Summary, worker path / plugin path (each from its own phase):");
            }
            phases.forEach(
                    (settings, phase) ->
                            System.out.printf(
                                    "  %-34s workflows/s x%.2f; server CPU per workflow x%.2f%n",
                                    settings,
                                    phase.workerOverPlugin(),
                                    phase.serverCpuWorkerOverPlugin()));
            System.out.println(
                    "Summary, our worker / an empty worker [min-max, median of the pairs]:");
            comparisons.forEach(
                    (algorithm, comparison) ->
                            System.out.printf(
                                    "  %s: workflows/s %s; server CPU per workflow %s; worker CPU"
                                            + " per task %s; p50 %s%n",
                                    algorithm,
                                    comparison.throughput(),
                                    comparison.serverCpu(),
                                    comparison.workerCpu(),
                                    comparison.p50()));
        }
    }

    /** The held-key workflow as shipped, renamed, its task signing ES256. */
    private static com.fasterxml.jackson.databind.JsonNode es256Variant(WorkflowFiles workflows) {
        com.fasterxml.jackson.databind.node.ObjectNode def =
                workflows.workflowDef(HELD_KEY_WORKFLOW).deepCopy();
        def.put("name", HELD_KEY_ES256_WORKFLOW);
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        def.withArray("tasks").get(0).get("inputParameters"))
                .put("algorithm", "ES256");
        return def;
    }

    /** Where a class was loaded from: this module's classes, for a child to run. */
    private static Path classesOf(Class<?> type) throws java.net.URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Our worker's JVM options: a JFR recording when {@code -Dload.worker.jfr} names a file. */
    private static List<String> profilerOptions() {
        String file = System.getProperty(JFR_PROPERTY, "off");
        return file.isBlank() || file.equals("off")
                ? List.of()
                : List.of("-XX:StartFlightRecording=settings=profile,filename=" + file);
    }

    /**
     * The worker as an operator starts it (only where the server and keys are), and, in the same
     * run, with the settings that decide what it costs a busy server: the poll interval (the client
     * sleeps it after every empty poll, one per task type per interval when idle, each a request)
     * and the threads (tasks at once; a poll asks for as many as are free).
     */
    private static final Map<String, Map<String, String>> WORKER_SETTINGS =
            new java.util.LinkedHashMap<>();

    static {
        WORKER_SETTINGS.put("its defaults", Map.of());
        for (String millis : List.of("10", "20", "50", "100")) {
            WORKER_SETTINGS.put(
                    "poll interval " + millis + " ms", Map.of(POLL_INTERVAL_MS, millis));
        }
        WORKER_SETTINGS.put("2 threads", Map.of(THREADS, "2"));
    }

    /** The rounds of one phase, all measured alike. */
    private record Rounds(
            ConductorApi api,
            ExecutorService pool,
            Supplier<Costs> costs,
            Map<String, Object> input,
            Map<String, Object> heldKeyInput,
            int perRound) {

        Round round(String workflow, int count) throws Exception {
            Map<String, Object> in = workflow.equals(HELD_KEY_WORKFLOW) ? heldKeyInput : input;
            return Round.run(pool, List.of(api), costs, workflow, in, count);
        }

        /**
         * Interleaved rounds, so drift affects all alike; the worker paused for the baseline and
         * plugin rounds, so its empty polls are counted on the worker path only.
         */
        WorkerPhase withWorker(WorkerProcess worker) throws Exception {
            // The worker's warm-up, not reported: a JVM started a moment ago spends much of its
            // CPU in the JIT compiler.
            round(HELD_KEY_WORKFLOW, perRound);
            worker.pause();
            Costs pausedFrom = costs.get();
            Thread.sleep(IDLE);
            Costs pollingFrom = costs.get();
            worker.resume();
            Thread.sleep(IDLE);
            Idle idle = new Idle(pollingFrom.minus(pausedFrom), costs.get().minus(pollingFrom));
            Round[] rounds = new Round[6];
            for (int i = 0; i < 2; i++) {
                worker.pause();
                try {
                    rounds[i] = round(LoadRun.BASELINE, perRound);
                    rounds[2 + i] = round(Demo.WORKFLOW, perRound);
                } finally {
                    worker.resume();
                }
                rounds[4 + i] = round(HELD_KEY_WORKFLOW, perRound);
            }
            return new WorkerPhase(
                    idle, rounds[0], rounds[1], rounds[2], rounds[3], rounds[4], rounds[5]);
        }
    }

    /** How long the server is watched with no workflows, the worker paused and then polling. */
    private static final Duration IDLE = Duration.ofSeconds(5);

    /** What a worker with nothing to do costs: its empty polls. */
    private record Idle(Costs paused, Costs polling) {
        void report() {
            double seconds = IDLE.toNanos() / 1e9;
            System.out.printf(
                    "  idle, no workflows (%d s each): server CPU %.0f ms/s with the worker"
                            + " paused, %.0f ms/s with it polling (%.0f empty polls/s); worker CPU"
                            + " %.0f ms/s%n",
                    IDLE.toSeconds(),
                    paused.serverCpu().toNanos() / 1e6 / seconds,
                    polling.serverCpu().toNanos() / 1e6 / seconds,
                    polling.requests().getOrDefault(RequestLog.Kind.EMPTY_POLL, 0L) / seconds,
                    polling.workerCpu().toNanos() / 1e6 / seconds);
        }
    }

    /** Baseline and plugin rounds (worker paused) and worker rounds, with one setting. */
    private record WorkerPhase(
            Idle idle, Round base1, Round base2, Round jwt1, Round jwt2, Round held1, Round held2) {
        void report(String settings, String workerProvider) {
            System.out.printf("Worker with %s (signing with %s):%n", settings, workerProvider);
            idle.report();
            Round.report("baseline (JSON_JQ_TRANSFORM)", base1, base2);
            Round.report("GET_SIGNED_JWT, plugin (RS256)", jwt1, jwt2);
            Round.report("GET_SIGNED_JWT, worker (RS256)", held1, held2);
            System.out.printf(
                    "  plugin throughput / baseline throughput = x%.2f%n",
                    ratio(jwt1, jwt2, base1, base2));
            System.out.printf(
                    "  worker throughput / plugin throughput = x%.2f%n", workerOverPlugin());
            System.out.printf(
                    "  server CPU per workflow: plugin / baseline = x%.2f, worker / plugin = x%.2f;"
                            + " server + worker CPU, worker / plugin = x%.2f%n",
                    Round.cpuPerWorkflow(jwt1, jwt2) / Round.cpuPerWorkflow(base1, base2),
                    serverCpuWorkerOverPlugin(),
                    (Round.cpuPerWorkflow(held1, held2) + Round.workerCpuPerWorkflow(held1, held2))
                            / (Round.cpuPerWorkflow(jwt1, jwt2)
                                    + Round.workerCpuPerWorkflow(jwt1, jwt2)));
        }

        double workerOverPlugin() {
            return ratio(held1, held2, jwt1, jwt2);
        }

        double serverCpuWorkerOverPlugin() {
            return Round.cpuPerWorkflow(held1, held2) / Round.cpuPerWorkflow(jwt1, jwt2);
        }
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
}
