package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.conductorjwt.core.SoftHsmToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The measurement behind the shipped task definition's timeouts (issue 23) on the real stock
 * server: one copy of {@code workflows/taskdefs/get_signed_jwt.json} and of the example workflows
 * per candidate {@code responseTimeoutSeconds}, side by side in the same kill. The candidate 1 s,
 * the least Conductor allows, is the floor: the sweeper's own re-delivery.
 *
 * <ol>
 *   <li><b>Worker kills</b>: one worker holds tasks of every candidate (its RS256 signer never
 *       returns), is SIGKILLed, a fresh worker starts; each workflow's completion is timed from the
 *       kill (the server's end time). By default the holder polls after the sweeper's first look at
 *       each new workflow; {@code -Dconductorjwt.recovery.poll-first=true} has it poll first, as an
 *       idle worker does, and then the poll brings the next look forward to the response timeout if
 *       that is below the server's 30 s workflowOffsetTimeout.
 *   <li><b>Node kills in the PostgreSQL cluster</b>: decides cut off inside the plugin's signing
 *       step, and GET_SIGNED_JWT_ASYNC tasks cut off on a node's system-task workers.
 *   <li><b>A loaded server</b>: {@value #LOAD_THREADS_DEFAULT} busy threads in a child process
 *       (under {@code flock /tmp/cpu-heavy.lock}) while clients run workflows of every candidate
 *       through the real worker for a while: the poll-to-update delay as the server sees it
 *       (attempt start to end), and the attempts it TIMED_OUT while the worker was alive.
 * </ol>
 *
 * Not in the build (about 30 minutes, mostly waiting; the loaded phase waits for the CPU lock):
 *
 * <pre>
 * mvn -B -o -pl e2e -am -Precovery verify
 * </pre>
 *
 * {@code -Dconductorjwt.recovery.candidates=1,10,20,30,45,60,180}, {@code .rounds=3}, {@code
 * .held=2} (tasks held per candidate and round), {@code .poll-first=false}, {@code .worker=true},
 * {@code .cluster=true}, {@code .loaded-seconds=150} (0: none), {@code .load-threads=40} change it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecoveryTimeoutsRun {

    private static final int LOAD_THREADS_DEFAULT = 40;
    private static final List<Integer> CANDIDATES =
            Arrays.stream(
                            System.getProperty(
                                            "conductorjwt.recovery.candidates",
                                            "1,10,20,30,45,60,180")
                                    .split(","))
                    .map(String::strip)
                    .map(Integer::valueOf)
                    .toList();
    private static final int ROUNDS = Integer.getInteger("conductorjwt.recovery.rounds", 3);
    private static final int HELD = Integer.getInteger("conductorjwt.recovery.held", 2);
    private static final Duration LOADED =
            Duration.ofSeconds(Integer.getInteger("conductorjwt.recovery.loaded-seconds", 150));
    private static final int LOAD_THREADS =
            Integer.getInteger("conductorjwt.recovery.load-threads", LOAD_THREADS_DEFAULT);
    private static final int CLIENTS = 8;
    private static final boolean POLL_FIRST =
            Boolean.getBoolean("conductorjwt.recovery.poll-first");
    private static final boolean WORKER_KILLS =
            Boolean.parseBoolean(System.getProperty("conductorjwt.recovery.worker", "true"));

    private static final DemoKey KEY = DemoKey.rsa(2048);
    private static final String EXAMPLE = "get_signed_jwt";
    private static final String PREFIX = "get_signed_jwt_rt";
    private static final String WAIT_PREFIX = "jwt_wait_then_sign_rt";
    private static final String HELD_PREFIX = "get_signed_jwt_held_key_rt";
    private static final String HELD_KEY = "get_signed_jwt_held_key";
    private static final String WAIT_REF = "wait_ref";

    /** What the server logs as its sweeper takes up a workflow (3.32.x, INFO). */
    private static final String SWEEPING = "Running sweeper for workflow ";

    private static final boolean CLUSTER =
            Boolean.parseBoolean(System.getProperty("conductorjwt.recovery.cluster", "true"));
    private static final Duration TAKEN = Duration.ofMinutes(2);
    private static final Duration RECOVERY = Duration.ofMinutes(12);

    /** Per candidate: seconds from kill to completion, and the loaded phase's figures. */
    private final Map<Integer, List<Double>> killToCompletion = new LinkedHashMap<>();

    private final Map<Integer, List<Long>> loadedDelays = new LinkedHashMap<>();
    private final Map<Integer, Integer> timedOutAlive = new LinkedHashMap<>();
    private final Map<Integer, Integer> killTimedOutAlive = new LinkedHashMap<>();

    @BeforeAll
    void candidates() {
        CANDIDATES.forEach(
                candidate -> {
                    killToCompletion.put(candidate, new ArrayList<>());
                    loadedDelays.put(candidate, new ArrayList<>());
                    timedOutAlive.put(candidate, 0);
                    killTimedOutAlive.put(candidate, 0);
                });
        System.out.printf("load average at start: %s%n", loadAverage());
    }

    @Test
    @Order(1)
    void workerKills() throws Exception {
        assumeTrue(WORKER_KILLS, "-Dconductorjwt.recovery.worker=false");
        try (ConductorServer server = EndToEnd.serverSigningWith(KEY)) {
            ConductorApi api = EndToEnd.registered(server);
            registerCandidates(api);
            for (int round = 1; round <= ROUNDS; round++) {
                killRound(server, api, round);
            }
        }
        printTable();
    }

    /** Last: it waits for /tmp/cpu-heavy.lock, which other runs may hold a while. */
    @Test
    @Order(3)
    void aLoadedServer() throws Exception {
        assumeTrue(!LOADED.isZero(), "-Dconductorjwt.recovery.loaded-seconds=0");
        try (ConductorServer server = EndToEnd.serverSigningWith(KEY)) {
            ConductorApi api = EndToEnd.registered(server);
            registerCandidates(api);
            loadedRun(server, api);
        }
        printTable();
    }

    /**
     * A node SIGKILLed in the PostgreSQL cluster with work of every candidate cut off on it: on the
     * plugin path, decides stopped inside the signing step (a WAIT completed through the node, its
     * RS256 signer holding, as {@code ClusterEndToEndTest} does); on the asynchronous keyless path,
     * GET_SIGNED_JWT_ASYNC tasks its system-task workers were signing with a PKCS#11 key that takes
     * an hour ({@link SlowHeldKeysConfiguration}), taken while nodes A and B were paused. Each
     * workflow's completion is timed from the kill; candidate 1 s is the floor again.
     */
    @Test
    @Order(2)
    void nodeKillsInTheCluster() throws Exception {
        assumeTrue(CLUSTER, "-Dconductorjwt.recovery.cluster=false");
        Path dir = Files.createTempDirectory("recovery-run-");
        SoftHsmToken hsm = SoftHsmToken.create(dir.resolve("softhsm"));
        Map<String, String> environment = new HashMap<>();
        environment.put(EndToEnd.KEY_SECRET, KEY.privateKeyPem());
        environment.put("SOFTHSM2_CONF", hsm.conf().toString());
        environment.put("CONDUCTOR_JWT_PKCS11_PIN", hsm.pin());
        // The held keys as environment variables (Spring's relaxed binding): PostgresCluster
        // starts its nodes with the cluster's settings alone.
        environment.put("CONDUCTOR_JWT_PKCS11_LIBRARY", SoftHsmToken.LIBRARY.toString());
        environment.put("CONDUCTOR_JWT_PKCS11_SLOT", Long.toString(hsm.slot()));
        environment.put("CONDUCTOR_JWT_PKCS11_KEYS", SoftHsmToken.RSA);
        Path serverJar = Path.of(System.getProperty("conductorjwt.server.jar"));
        Path pluginDir = Path.of(System.getProperty("conductorjwt.plugin.dir"));
        Map<String, Map<Integer, List<Double>>> byPath = new LinkedHashMap<>();
        byPath.put("plugin, sync", new LinkedHashMap<>());
        byPath.put("keyless, async", new LinkedHashMap<>());
        try (PostgresCluster cluster = PostgresCluster.start(serverJar, pluginDir, environment)) {
            ConductorApi api = cluster.api(0);
            EndToEnd.workflows().registerWith(api);
            registerCandidates(api);
            registerClusterVariants(api);
            Map<String, Integer> sync = new LinkedHashMap<>();
            Map<String, Integer> async = new LinkedHashMap<>();
            for (int candidate : CANDIDATES) {
                sync.put(
                        cluster.api(candidate)
                                .startWorkflow(WAIT_PREFIX + candidate, input("sync")),
                        candidate);
            }
            Instant killed;
            try (ConductorServer doomed =
                    ConductorServer.start(
                            serverJar,
                            ExtraPluginJar.pluginDirWith(dir, SlowHeldKeysConfiguration.class),
                            environment,
                            Stream.concat(
                                            cluster.settings().stream(),
                                            Stream.of(
                                                    // The holding RS256 signer sits in the JVM's
                                                    // list; ACCP (auto) would sign around it.
                                                    "--conductor.jwt.provider=jdk",
                                                    "--"
                                                            + SlowHeldKeysConfiguration.SECONDS
                                                            + "=3600",
                                                    // Room for every held task at once.
                                                    "--conductor.app.systemTaskWorkerThreadCount="
                                                            + 2 * CANDIDATES.size()))
                                    .toList(),
                            holdingServerClasses(dir),
                            HoldingServer.class.getName())) {
                ConductorApi apiD = new ConductorApi(doomed.baseUri());
                cluster.node(0).pause();
                cluster.node(1).pause();
                try {
                    for (int candidate : CANDIDATES) {
                        async.put(
                                apiD.startWorkflow(HELD_PREFIX + candidate, heldKeyInput("async")),
                                candidate);
                    }
                    for (String id : async.keySet()) {
                        await("node D signing " + id)
                                .atMost(TAKEN)
                                .pollInterval(Duration.ofMillis(200))
                                .until(
                                        () ->
                                                firstTask(apiD.workflow(id))
                                                                .path("startTime")
                                                                .asLong()
                                                        > 0);
                    }
                    for (String id : sync.keySet()) {
                        // Each request stays with its decide, which never returns.
                        CompletableFuture.runAsync(() -> apiD.completeTask(id, WAIT_REF))
                                .exceptionally(cutOff -> null);
                    }
                    for (String id : sync.keySet()) {
                        await("WAIT of " + id + " completed")
                                .atMost(TAKEN)
                                .pollInterval(Duration.ofMillis(200))
                                .until(
                                        () -> firstTask(apiD.workflow(id)).path("status").asText(),
                                        "COMPLETED"::equals);
                    }
                    Thread.sleep(2000); // the decides reach the signer
                    doomed.kill();
                    killed = Instant.now();
                } finally {
                    cluster.node(0).resume();
                    cluster.node(1).resume();
                }
            }
            String load = loadAverage();
            Map<String, Map<String, Integer>> paths = new LinkedHashMap<>();
            paths.put("plugin, sync", sync);
            paths.put("keyless, async", async);
            for (Map.Entry<String, Map<String, Integer>> path : paths.entrySet()) {
                for (Map.Entry<String, Integer> run : path.getValue().entrySet()) {
                    JsonNode workflow = cluster.api(1).awaitEnd(run.getKey(), RECOVERY);
                    assertThat(workflow.path("status").asText())
                            .as(path.getKey() + " " + run.getKey())
                            .isEqualTo("COMPLETED");
                    double seconds =
                            (workflow.path("endTime").asLong() - killed.toEpochMilli()) / 1000.0;
                    byPath.get(path.getKey())
                            .computeIfAbsent(run.getValue(), c -> new ArrayList<>())
                            .add(seconds);
                    System.out.printf(
                            "node kill, %s: responseTimeoutSeconds %d: completed %.1f s after the"
                                    + " kill, attempts %s%n",
                            path.getKey(), run.getValue(), seconds, attempts(workflow));
                }
            }
            System.out.printf(
                    "node kill: load average at the kill %s, after %s%n", load, loadAverage());
        } finally {
            HeldKeyDir.deleteRecursively(dir);
        }
        for (Map.Entry<String, Map<Integer, List<Double>>> path : byPath.entrySet()) {
            double floor = median(path.getValue().get(CANDIDATES.get(0)));
            System.out.printf(
                    "%n| node kill, %s: responseTimeoutSeconds | kill to completion, s |"
                            + " ratio to the floor (%d s) |%n|---|---|---|%n",
                    path.getKey(), CANDIDATES.get(0));
            for (int candidate : CANDIDATES) {
                double seconds = median(path.getValue().get(candidate));
                System.out.printf("| %d | %.0f | x%.2f |%n", candidate, seconds, seconds / floor);
            }
        }
    }

    /**
     * {@link HoldingServer} and its provider alone, for the class path: with all test classes
     * there, the server would load {@link SlowHeldKeysConfiguration} from it, away from the
     * plugin's classes on {@code loader.path}.
     */
    private static Path holdingServerClasses(Path dir) throws IOException {
        String folder = HoldingServer.class.getPackageName().replace('.', '/');
        Path from = EndToEnd.classesOf(HoldingServer.class).resolve(folder);
        Path classes = dir.resolve("holding-server");
        Files.createDirectories(classes.resolve(folder));
        try (Stream<Path> files = Files.list(from)) {
            for (Path file :
                    files.filter(file -> file.getFileName().toString().startsWith("Holding"))
                            .toList()) {
                Files.copy(file, classes.resolve(folder).resolve(file.getFileName()));
            }
        }
        return classes;
    }

    /** Per candidate, the example behind a WAIT, and the held-key example. */
    private static void registerClusterVariants(ConductorApi api) {
        WorkflowFiles files = EndToEnd.workflows();
        List<JsonNode> workflowDefs = new ArrayList<>();
        for (int candidate : CANDIDATES) {
            ObjectNode waitThenSign = files.workflowDef(EXAMPLE).deepCopy();
            waitThenSign.put("name", WAIT_PREFIX + candidate);
            ((ObjectNode) waitThenSign.path("tasks").path(0)).put("name", name(candidate));
            ObjectNode wait = ((ArrayNode) waitThenSign.path("tasks")).insertObject(0);
            wait.put("name", "wait");
            wait.put("taskReferenceName", WAIT_REF);
            wait.put("type", "WAIT");
            workflowDefs.add(waitThenSign);
            ObjectNode heldKey = files.workflowDef(HELD_KEY).deepCopy();
            heldKey.put("name", HELD_PREFIX + candidate);
            ((ObjectNode) heldKey.path("tasks").path(0)).put("name", name(candidate));
            workflowDefs.add(heldKey);
        }
        api.putWorkflowDefs(workflowDefs);
    }

    private static Map<String, Object> heldKeyInput(String prefix) {
        Map<String, Object> input = input(prefix);
        input.put("keyName", SoftHsmToken.RSA);
        return input;
    }

    /** A copy of the shipped task definition and of the example workflow per candidate. */
    private static void registerCandidates(ConductorApi api) {
        WorkflowFiles files = EndToEnd.workflows();
        JsonNode shipped = files.taskDefs().get(0);
        JsonNode example = files.workflowDef(EXAMPLE);
        List<JsonNode> taskDefs = new ArrayList<>();
        List<JsonNode> workflowDefs = new ArrayList<>();
        for (int candidate : CANDIDATES) {
            ObjectNode taskDef = shipped.deepCopy();
            taskDef.put("name", name(candidate));
            taskDef.put("responseTimeoutSeconds", candidate);
            taskDef.put("timeoutSeconds", Math.max(600, candidate));
            taskDefs.add(taskDef);
            ObjectNode workflow = example.deepCopy();
            workflow.put("name", name(candidate));
            ((ObjectNode) workflow.path("tasks").path(0)).put("name", name(candidate));
            workflowDefs.add(workflow);
        }
        api.postTaskDefs(taskDefs);
        api.putWorkflowDefs(workflowDefs);
    }

    /** Task definition and workflow of one candidate: same type, GET_SIGNED_JWT, same queue. */
    private static String name(int candidate) {
        return PREFIX + candidate;
    }

    private void killRound(ConductorServer server, ConductorApi api, int round) throws Exception {
        WorkerProcess holder = POLL_FIRST ? startHolder(server) : null;
        Map<String, Integer> candidateOf = new LinkedHashMap<>();
        for (int i = 0; i < HELD; i++) {
            for (int candidate : CANDIDATES) {
                candidateOf.put(
                        api.startWorkflow(name(candidate), input("kill-" + round)), candidate);
            }
        }
        if (holder == null) {
            // A new workflow gets an expedited sweep at once; a task already held then is timed
            // out by it once responseTimeoutSeconds is over, alive, and postponed by it
            // otherwise. By default the holder polls after it, as a worker taking a task queued
            // a moment earlier does; -Dconductorjwt.recovery.poll-first=true has it poll first.
            for (String id : candidateOf.keySet()) {
                await("first sweep of " + id)
                        .atMost(TAKEN)
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> server.log().contains(SWEEPING + id));
            }
            holder = startHolder(server);
        }
        Instant killed;
        try {
            WorkerProcess held = holder;
            for (String id : candidateOf.keySet()) {
                await("held " + id)
                        .atMost(TAKEN)
                        .pollInterval(Duration.ofMillis(50))
                        .failFast("the holder exited", () -> !held.isAlive())
                        // Polled: IN_PROGRESS, or already TIMED_OUT by a sweep, the holder alive.
                        .until(() -> firstTask(api.workflow(id)).path("pollCount").asInt() > 0);
            }
            holder.kill();
            killed = Instant.now();
        } finally {
            holder.close();
        }
        String load = loadAverage();
        try (WorkerProcess fresh = EndToEnd.startWorker(server.baseUri(), Map.of())) {
            for (Map.Entry<String, Integer> run : candidateOf.entrySet()) {
                JsonNode workflow = api.awaitEnd(run.getKey(), RECOVERY);
                assertThat(workflow.path("status").asText()).isEqualTo("COMPLETED");
                int candidate = run.getValue();
                long firstEnded = firstTask(workflow).path("endTime").asLong();
                double seconds =
                        (workflow.path("endTime").asLong() - killed.toEpochMilli()) / 1000.0;
                if (firstEnded < killed.toEpochMilli()) {
                    // Timed out before the kill, its worker alive: not a recovery from the kill.
                    killTimedOutAlive.merge(candidate, 1, Integer::sum);
                } else {
                    killToCompletion.get(candidate).add(seconds);
                }
                System.out.printf(
                        "round %d: responseTimeoutSeconds %d: completed %.1f s after the kill,"
                                + " attempts %s%n",
                        round, candidate, seconds, attempts(workflow));
            }
        }
        System.out.printf(
                "round %d: load average at the kill %s, after %s%n", round, load, loadAverage());
    }

    /** A worker whose RS256 signer never returns, with a thread for every task of a round. */
    private static WorkerProcess startHolder(ConductorServer server) {
        return EndToEnd.startWorker(
                HoldingSignatureProvider.class,
                server.baseUri(),
                // The holding provider sits in the JVM's list; ACCP would sign around it.
                Map.of(
                        "CONDUCTOR_JWT_WORKER_THREADS",
                        String.valueOf(HELD * CANDIDATES.size()),
                        "CONDUCTOR_JWT_PROVIDER",
                        "jdk"));
    }

    /**
     * Workflows of every candidate through the real worker on a server sharing the cores with
     * {@link #LOAD_THREADS} busy threads, for {@link #LOADED}: long enough for the sweeper to look
     * at each workflow in flight (its first look comes 60-120 s after the start).
     */
    private void loadedRun(ConductorServer server, ConductorApi api) throws Exception {
        try (WorkerProcess worker = EndToEnd.startWorker(server.baseUri(), Map.of());
                Load load = Load.start(LOAD_THREADS);
                ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            System.out.printf(
                    "loaded run: %d busy threads, load average %s%n", LOAD_THREADS, loadAverage());
            Instant end = Instant.now().plus(LOADED);
            AtomicInteger next = new AtomicInteger();
            List<Future<List<JsonNode>>> runs = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                runs.add(
                        clients.submit(
                                () -> {
                                    List<JsonNode> ended = new ArrayList<>();
                                    while (Instant.now().isBefore(end)) {
                                        int candidate =
                                                CANDIDATES.get(
                                                        next.getAndIncrement() % CANDIDATES.size());
                                        String id =
                                                api.startWorkflow(name(candidate), input("loaded"));
                                        ended.add(api.awaitEnd(id, RECOVERY));
                                    }
                                    return ended;
                                }));
            }
            String during = loadAverage();
            List<JsonNode> ended = new ArrayList<>();
            for (Future<List<JsonNode>> run : runs) {
                ended.addAll(run.get());
            }
            for (JsonNode workflow : ended) {
                int candidate =
                        Integer.parseInt(
                                workflow.path("workflowName").asText().substring(PREFIX.length()));
                for (JsonNode task : workflow.path("tasks")) {
                    String status = task.path("status").asText();
                    if ("TIMED_OUT".equals(status)) {
                        timedOutAlive.merge(candidate, 1, Integer::sum);
                    } else if ("COMPLETED".equals(status)) {
                        loadedDelays
                                .get(candidate)
                                .add(
                                        task.path("endTime").asLong()
                                                - task.path("startTime").asLong());
                    }
                }
            }
            System.out.printf(
                    "loaded run: %d workflows in %s, load average during %s, at the end %s%n",
                    ended.size(), LOADED, during, loadAverage());
            assertThat(worker.isAlive()).as("the worker stayed up").isTrue();
        }
    }

    private void printTable() {
        double floor = median(killToCompletion.get(CANDIDATES.get(0)));
        List<Long> allDelays = new ArrayList<>();
        loadedDelays.values().forEach(allDelays::addAll);
        allDelays.sort(null);
        System.out.printf(
                "%nloaded poll-to-update delay (ms, all candidates, %d attempts): p50 %d, p99 %d,"
                        + " max %d%n",
                allDelays.size(),
                percentile(allDelays, 0.50),
                percentile(allDelays, 0.99),
                allDelays.isEmpty() ? 0 : allDelays.get(allDelays.size() - 1));
        System.out.printf(
                "%n| responseTimeoutSeconds | kill to completion, s (min / median / max) | ratio to"
                        + " the floor (%d s) | loaded attempts | loaded delay max, ms |"
                        + " TIMED_OUT while alive (loaded / kill rounds) |%n",
                CANDIDATES.get(0));
        System.out.println("|---|---|---|---|---|---|");
        for (int candidate : CANDIDATES) {
            List<Double> seconds = new ArrayList<>(killToCompletion.get(candidate));
            seconds.sort(null);
            List<Long> delays = new ArrayList<>(loadedDelays.get(candidate));
            delays.sort(null);
            System.out.printf(
                    "| %d | %.0f / %.0f / %.0f | x%.2f | %d | %d | %d / %d |%n",
                    candidate,
                    seconds.isEmpty() ? 0 : seconds.get(0),
                    median(seconds),
                    seconds.isEmpty() ? 0 : seconds.get(seconds.size() - 1),
                    median(seconds) / floor,
                    delays.size(),
                    delays.isEmpty() ? 0 : delays.get(delays.size() - 1),
                    timedOutAlive.get(candidate),
                    killTimedOutAlive.get(candidate));
        }
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static JsonNode firstTask(JsonNode workflow) {
        return workflow.path("tasks").path(0);
    }

    /** Each attempt's status and, for a timed-out one, how long after its start. */
    private static List<String> attempts(JsonNode workflow) {
        return StreamSupport.stream(workflow.path("tasks").spliterator(), false)
                .map(
                        task ->
                                task.path("status").asText()
                                        + (task.path("endTime").asLong() > 0
                                                        && task.path("startTime").asLong() > 0
                                                ? " after "
                                                        + (task.path("endTime").asLong()
                                                                        - task.path("startTime")
                                                                                .asLong())
                                                                / 1000
                                                        + " s"
                                                : ""))
                .toList();
    }

    private static Map<String, Object> input(String prefix) {
        Map<String, Object> input = new HashMap<>();
        input.put("subject", prefix + "-" + UUID.randomUUID());
        input.put("issuer", "issuer@conductor-jwt.test");
        input.put("audience", "https://api.conductor-jwt.test");
        input.put("scope", "read");
        return input;
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * {@link CpuLoad} as a child process, started under {@code flock /tmp/cpu-heavy.lock} so it
     * runs only when no other heavy run does; ends when closed.
     */
    private record Load(Process process) implements AutoCloseable {

        static Load start(int threads) throws IOException {
            Process process =
                    new ProcessBuilder(
                                    "flock",
                                    "/tmp/cpu-heavy.lock",
                                    ChildProcesses.java(),
                                    "-cp",
                                    EndToEnd.classesOf(CpuLoad.class).toString(),
                                    CpuLoad.class.getName(),
                                    String.valueOf(threads))
                            .redirectErrorStream(true)
                            .start();
            BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(
                                    process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (!"busy".equals(line)) {
                process.destroyForcibly();
                throw new IllegalStateException("load did not start: " + line);
            }
            return new Load(process);
        }

        @Override
        public void close() {
            try {
                process.getOutputStream().close(); // CpuLoad exits on end of input
                process.waitFor();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
