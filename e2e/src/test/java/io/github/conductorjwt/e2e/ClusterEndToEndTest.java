package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.github.conductorjwt.core.IndependentVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Where Conductor users scale: two stock server nodes with the plugin on one real PostgreSQL (the
 * README's production settings, {@link PostgresCluster}). The shared contract runs on it, each of
 * its workflows started on the next node in turn (A, B, A, ...) and run there; its cacheConfig
 * cases pick the node of each run, since each node keeps its own output cache: a repeat on the same
 * node gets the cached token, a run on the other node signs a fresh one. The cluster's own cases
 * follow, with third nodes started beside A and B where a case needs one. One cluster start for the
 * class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterEndToEndTest extends GetSignedJwtContract {

    /** The Orkes example behind a WAIT: the workflow stays RUNNING until a test completes it. */
    private static final String WAIT_THEN_SIGN = "jwt_wait_then_sign";

    private static final String WAIT_REF = "wait_ref";
    private static final String SIGNING_REF = "get_signed_jwt_ref";
    private static final String SECRET_VARIABLE = "CONDUCTOR_SECRET_jwt-privatekey";
    private static final int WORKFLOWS = 10;

    /**
     * Longer than Conductor's own recovery of a dead node's work: its 60 s workflow lock, then the
     * sweep (97–150 s measured before; 80 s after the kill here and 87–88 s in RecoveryTimeoutsRun,
     * the same for any responseTimeoutSeconds from 1 to 180).
     */
    private static final Duration CRASH_RECOVERY = Duration.ofMinutes(4);

    private final WorkflowFiles workflows =
            new WorkflowFiles(Path.of(System.getProperty("conductorjwt.workflows.dir")));
    private PostgresCluster cluster;
    private ConductorServer nodeA;
    private ConductorServer nodeB;
    private ConductorApi apiA;
    private ConductorApi apiB;

    @Override
    protected Conductor startConductor(Map<String, String> serverEnvironment) {
        cluster =
                PostgresCluster.start(
                        Path.of(System.getProperty("conductorjwt.server.jar")),
                        pluginDir(),
                        serverEnvironment);
        nodeA = cluster.node(0);
        nodeB = cluster.node(1);
        apiA = cluster.api(0);
        apiB = cluster.api(1);
        return new Conductor() {
            /** Nodes A and B in turn: the contract's workflows start on both. */
            @Override
            public ConductorApi api() {
                return cluster.api();
            }

            @Override
            public List<ConductorApi> nodes() {
                return List.of(apiA, apiB);
            }

            /** Node A: the contract's worker polls it. */
            @Override
            public URI baseUri() {
                return nodeA.baseUri();
            }

            @Override
            public String log() {
                return cluster.log();
            }

            @Override
            public void close() {
                cluster.close();
            }
        };
    }

    private static Path pluginDir() {
        return Path.of(System.getProperty("conductorjwt.plugin.dir"));
    }

    /** After the contract registered {@code workflows/} (the signing step's taskdef included). */
    @BeforeAll
    void registerTheWaitVariant() {
        apiA.putWorkflowDefs(List.of(waitThenSign(workflows.workflowDef(EXAMPLE))));
    }

    @Test
    @Order(1)
    void workflowsStartedAlternatelyOnBothNodesCompleteWithVerifiedTokens() {
        Instant started = Instant.now();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < WORKFLOWS; i++) {
            ids.add(api(i).startWorkflow(EXAMPLE, exampleInput("read")));
        }

        List<JsonNode> ended = awaitAll(ids, WORKFLOW_TIMEOUT);

        assertSignedOnceAndVerified(ended);
        System.out.printf(
                "%d workflows on both nodes: %s%n",
                WORKFLOWS, Duration.between(started, Instant.now()));
    }

    @Test
    @Order(2)
    void workerReplicasWithTheSameHeldKeysSignTokensEitherJwksVerifies() throws Exception {
        Instant started = Instant.now();
        try (HeldKeyWorker onA = HeldKeyWorker.start(nodeA.baseUri());
                HeldKeyWorker onB = HeldKeyWorker.start(nodeB.baseUri())) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < WORKFLOWS; i++) {
                ids.add(api(i).startWorkflow(HELD_KEY_WORKFLOW, heldKeyInput()));
            }
            List<JsonNode> ended = awaitAll(ids, WORKFLOW_TIMEOUT);

            List<JWKSet> published =
                    List.of(JWKSet.load(onA.jwksUrl().toURL()), JWKSet.load(onB.jwksUrl().toURL()));
            Set<String> jtis = new HashSet<>();
            for (JsonNode workflow : ended) {
                assertThat(workflow.path("status").asText()).isEqualTo("COMPLETED");
                SignedJWT token =
                        SignedJWT.parse(
                                signingTask(workflow).path("outputData").path("token").asText());
                for (JWKSet keys : published) {
                    RSAKey key = (RSAKey) keys.getKeyByKeyId(token.getHeader().getKeyID());
                    assertThat(key)
                            .as("kid %s published", token.getHeader().getKeyID())
                            .isNotNull();
                    assertThat(token.verify(new RSASSAVerifier(key))).isTrue();
                }
                assertThat(jtis.add(token.getJWTClaimsSet().getJWTID())).isTrue();
            }
        }
        System.out.printf(
                "%d held-key workflows on two worker replicas: %s%n",
                WORKFLOWS, Duration.between(started, Instant.now()));
    }

    @Test
    @Order(3)
    void duringARollingUpgradeTheWorkerTakesWhatANodeWithoutThePluginParks() {
        Instant started = Instant.now();
        try (ConductorServer withoutPlugin = cluster.startNode(null, cluster.environment());
                HeldKeyWorker worker = HeldKeyWorker.start(withoutPlugin.baseUri())) {
            ConductorApi apiC = new ConductorApi(withoutPlugin.baseUri());
            Instant running = Instant.now();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < WORKFLOWS; i++) {
                ConductorApi api = i % 2 == 0 ? apiA : apiC;
                ids.add(api.startWorkflow(EXAMPLE, exampleInput("read")));
            }
            List<JsonNode> ended = awaitAll(ids, WORKFLOW_TIMEOUT);

            assertSignedOnceAndVerified(ended);
            // The node without the plugin parked its tasks (every odd one); only the worker could
            // have signed them, and it signed nothing the plugin nodes ran.
            List<Boolean> byWorker =
                    ended.stream()
                            .map(ClusterEndToEndTest::signingTask)
                            .map(task -> !task.path("workerId").asText().isEmpty())
                            .toList();
            for (int i = 0; i < WORKFLOWS; i++) {
                assertThat(byWorker.get(i))
                        .as("workflow %d, started on %s", i, i % 2 == 0 ? "A" : "the plain node")
                        .isEqualTo(i % 2 == 1);
            }
            System.out.printf(
                    "%d workflows on a plugin node and a plain node (%d signed by the worker): %s"
                            + " (plain node and worker start included: %s)%n",
                    WORKFLOWS,
                    byWorker.stream().filter(signed -> signed).count(),
                    Duration.between(running, Instant.now()),
                    Duration.between(started, Instant.now()));
        }
    }

    /**
     * A node started without the secret (a deployment mistake the README warns about) fails the
     * signing steps it runs, terminally, naming the secret and the variable: retrying on that node
     * could only fail again, and a retryable failure would hide the cause. Once the node is fixed
     * or gone, the UI's Retry completes the workflows through the nodes that have the secret.
     */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void aNodeWithoutTheSecretFailsItsStepsTerminallyNamingItAndRetryCompletesThemElsewhere() {
        Map<String, String> withoutSecret = new HashMap<>(cluster.environment());
        assertThat(withoutSecret.remove(SECRET_VARIABLE)).isNotNull();
        List<String> ids = new ArrayList<>();
        List<JsonNode> failed;
        try (ConductorServer nodeC = cluster.startNode(pluginDir(), withoutSecret)) {
            ConductorApi apiC = new ConductorApi(nodeC.baseUri());
            for (int i = 0; i < WORKFLOWS / 2; i++) {
                ids.add(apiC.startWorkflow(EXAMPLE, exampleInput("read")));
            }
            failed = awaitAll(ids, WORKFLOW_TIMEOUT);
        }

        for (JsonNode workflow : failed) {
            assertTerminalFailure(
                    workflow,
                    "privateKey: missing — does secret 'jwt-privatekey' exist? (Conductor OSS"
                            + " resolves ${workflow.secrets.*} from 3.31.2 on; with the default"
                            + " env store the server needs the variable "
                            + SECRET_VARIABLE
                            + ")");
        }
        for (int i = 0; i < ids.size(); i++) {
            api(i).retryWorkflow(ids.get(i));
        }
        Set<String> jtis = new HashSet<>();
        for (JsonNode workflow : awaitAll(ids, WORKFLOW_TIMEOUT)) {
            assertThat(workflow.path("status").asText()).isEqualTo("COMPLETED");
            JsonNode tasks = workflow.path("tasks");
            assertThat(tasks).hasSize(2);
            assertThat(tasks.path(0).path("status").asText())
                    .isEqualTo("FAILED_WITH_TERMINAL_ERROR");
            String token = tasks.path(1).path("outputData").path("token").asText();
            assertThat(jtis.add(IndependentVerifier.claims(token, KEY.publicKey()).getJWTID()))
                    .isTrue();
        }
    }

    /**
     * A third node whose RS256 signer holds ({@link HoldingServer}) completes the WAITs of
     * workflows started on A and B, so each of their decides stops inside the signing step with the
     * workflow's lock held; then it is SIGKILLed. Conductor's recovery (the lock's 60 s lease, then
     * the sweep) hands them to A and B, which end the cut-off attempt TIMED_OUT at their first
     * decide (measured: "responseTimeout: 29 exceeded", 77-90 s after it was scheduled: the attempt
     * never answered, so any response timeout is over by then) and, under the shipped task
     * definition's {@code timeoutPolicy: RETRY}, sign in a new attempt. Every workflow completes
     * with one completed signing attempt and one verified token, the cut-off attempt carries none,
     * and A and B together signed exactly one token per workflow.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void signingStepsCutOffByANodeKillRunAgainOnTheOtherNodesSignedOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < WORKFLOWS / 2; i++) {
            ids.add(api(i).startWorkflow(WAIT_THEN_SIGN, exampleInput("read")));
        }
        Instant killed;
        long signedBefore = signedOn(nodeA.baseUri()) + signedOn(nodeB.baseUri());
        try (ConductorServer holding =
                ConductorServer.start(
                        Path.of(System.getProperty("conductorjwt.server.jar")),
                        pluginDir(),
                        cluster.environment(),
                        // The holding signer sits in the JVM's list; ACCP (auto) would sign
                        // around it.
                        Stream.concat(
                                        cluster.settings().stream(),
                                        Stream.of("--conductor.jwt.provider=jdk"))
                                .toList(),
                        EndToEnd.classesOf(HoldingServer.class),
                        HoldingServer.class.getName())) {
            ConductorApi apiD = new ConductorApi(holding.baseUri());
            // Each request stays with its decide, which never returns from the signer.
            List<CompletableFuture<Void>> completing = new ArrayList<>();
            for (String id : ids) {
                completing.add(CompletableFuture.runAsync(() -> apiD.completeTask(id, WAIT_REF)));
            }
            int persisted = awaitSigningStepsScheduled(ids, Duration.ofMinutes(2));
            holding.kill();
            killed = Instant.now();
            completing.forEach(request -> request.exceptionally(cutOff -> null).join());
            System.out.printf(
                    "Holding node killed with %d decides inside the signing step (%d of the steps"
                            + " already stored IN_PROGRESS)%n",
                    ids.size(), persisted);
            printWarnings("node D (killed)", holding.log());
        }
        List<JsonNode> ended = awaitAll(ids, CRASH_RECOVERY);
        long signed = signedOn(nodeA.baseUri()) + signedOn(nodeB.baseUri()) - signedBefore;

        System.out.printf(
                "%d cut-off workflows done %s after the kill%n",
                ids.size(), Duration.between(killed, Instant.now()));
        printWarnings("node A", nodeA.log());
        printWarnings("node B", nodeB.log());
        ended.forEach(
                workflow ->
                        System.out.printf(
                                "  %s: signing attempts %s%n",
                                workflow.path("workflowId").asText(),
                                attempts(workflow, SIGNING_REF)));
        assertSignedOnceAndVerified(ended, ClusterEndToEndTest::completedSigningTask);
        JsonNode shipped = workflows.taskDefs().get(0);
        assertThat(ended.stream().map(ClusterEndToEndTest::completedSigningTask))
                .allSatisfy(
                        task -> {
                            assertThat(task.path("taskDefName").asText())
                                    .isEqualTo(shipped.path("name").asText());
                            assertThat(task.path("responseTimeoutSeconds").asLong())
                                    .isEqualTo(shipped.path("responseTimeoutSeconds").asLong());
                            assertThat(task.path("endTime").asLong())
                                    .as("signed after the kill")
                                    .isGreaterThan(killed.toEpochMilli());
                        });
        assertThat(signed).as("tokens A and B signed").isEqualTo(ids.size());
    }

    /**
     * Waits until every WAIT is stored COMPLETED (its decide then goes on to the signer), and
     * briefly for the signing steps to be stored; returns how many were.
     */
    private int awaitSigningStepsScheduled(List<String> ids, Duration timeout) {
        for (String id : ids) {
            await("WAIT of " + id + " completed")
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> task(apiB.workflow(id), WAIT_REF).path("status").asText(),
                            "COMPLETED"::equals);
        }
        try {
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> signingStepsStored(ids) == ids.size());
        } catch (ConditionTimeoutException notAll) {
            // Some decides had not stored theirs yet: the kill cuts them off earlier still.
        }
        return signingStepsStored(ids);
    }

    private int signingStepsStored(List<String> ids) {
        return (int)
                ids.stream()
                        .map(apiB::workflow)
                        .filter(workflow -> hasTask(workflow, SIGNING_REF))
                        .count();
    }

    private static boolean hasTask(JsonNode workflow, String ref) {
        return StreamSupport.stream(workflow.path("tasks").spliterator(), false)
                .anyMatch(task -> ref.equals(task.path("referenceTaskName").asText()));
    }

    /** Tokens node {@code node} has signed, from its Prometheus metrics. */
    private static long signedOn(URI node) {
        try {
            HttpResponse<String> metrics =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(node.resolve("/actuator/prometheus"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            return metrics.body()
                    .lines()
                    .filter(line -> line.startsWith("conductor_jwt_signed_seconds_count"))
                    .mapToLong(
                            line ->
                                    (long)
                                            Double.parseDouble(
                                                    line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What Conductor itself reported around the crash, for the record. */
    private static void printWarnings(String node, String log) {
        List<String> warnings =
                log.lines()
                        .filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                        .filter(line -> !line.contains(" [main] ")) // start-up, not the crash
                        .toList();
        warnings.subList(Math.max(0, warnings.size() - 15), warnings.size())
                .forEach(line -> System.out.printf("%s: %s%n", node, line));
    }

    private ConductorApi api(int i) {
        return cluster.api(i);
    }

    /** Waits for every workflow to end, asking node B. */
    private List<JsonNode> awaitAll(List<String> ids, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<JsonNode> ended = new ArrayList<>();
        for (String id : ids) {
            ended.add(apiB.awaitEnd(id, Duration.between(Instant.now(), deadline)));
        }
        return ended;
    }

    /**
     * Every workflow COMPLETED with exactly one signing task (a task re-run after a crash would be
     * a second one), its token verified by Nimbus; no two tokens share a jti.
     */
    private static void assertSignedOnceAndVerified(List<JsonNode> ended) {
        assertSignedOnceAndVerified(ended, ClusterEndToEndTest::signingTask);
    }

    private static void assertSignedOnceAndVerified(
            List<JsonNode> ended, java.util.function.Function<JsonNode, JsonNode> signed) {
        Set<String> jtis = new HashSet<>();
        for (JsonNode workflow : ended) {
            assertThat(workflow.path("status").asText())
                    .as("workflow %s", workflow.path("workflowId").asText())
                    .isEqualTo("COMPLETED");
            String token = signed.apply(workflow).path("outputData").path("token").asText();
            String jti = IndependentVerifier.claims(token, KEY.publicKey()).getJWTID();
            assertThat(jtis.add(jti)).as("jti %s signed once", jti).isTrue();
        }
    }

    /** The workflow's one signing task; fails when the step ran more than once. */
    private static JsonNode signingTask(JsonNode workflow) {
        return task(workflow, SIGNING_REF);
    }

    /**
     * The workflow's one COMPLETED signing attempt; fails when two completed or an attempt that did
     * not complete carries a token.
     */
    private static JsonNode completedSigningTask(JsonNode workflow) {
        List<JsonNode> attempts =
                StreamSupport.stream(workflow.path("tasks").spliterator(), false)
                        .filter(task -> SIGNING_REF.equals(task.path("referenceTaskName").asText()))
                        .toList();
        assertThat(attempts)
                .filteredOn(task -> !"COMPLETED".equals(task.path("status").asText()))
                .allSatisfy(task -> assertThat(task.path("outputData").has("token")).isFalse());
        return attempts.stream()
                .filter(task -> "COMPLETED".equals(task.path("status").asText()))
                .reduce(
                        (first, second) -> {
                            throw new AssertionError(
                                    "signed twice: " + workflow.path("workflowId").asText());
                        })
                .orElseThrow();
    }

    /** Each attempt of task {@code ref}: status, reason, start and end times. */
    private static List<String> attempts(JsonNode workflow, String ref) {
        return StreamSupport.stream(workflow.path("tasks").spliterator(), false)
                .filter(task -> ref.equals(task.path("referenceTaskName").asText()))
                .map(
                        task ->
                                task.path("status").asText()
                                        + " ("
                                        + task.path("reasonForIncompletion").asText("")
                                        + ") scheduled "
                                        + task.path("scheduledTime").asLong()
                                        + " ended "
                                        + task.path("endTime").asLong())
                .toList();
    }

    /** The workflow's one task {@code ref}; fails when it ran more than once. */
    private static JsonNode task(JsonNode workflow, String ref) {
        return StreamSupport.stream(workflow.path("tasks").spliterator(), false)
                .filter(task -> ref.equals(task.path("referenceTaskName").asText()))
                .reduce(
                        (first, second) -> {
                            throw new AssertionError(
                                    ref + " ran twice: " + workflow.path("workflowId").asText());
                        })
                .orElseThrow();
    }

    private static Map<String, Object> heldKeyInput() {
        return Map.of(
                "keyName", HeldKeyWorker.KEY_NAME,
                "subject", "orders-service",
                "issuer", "https://issuer.conductor-jwt.test",
                "audience", "https://orders.conductor-jwt.test",
                "scope", "orders.read");
    }

    /** The example with a WAIT before its signing step, which keeps the shipped taskdef's name. */
    private static JsonNode waitThenSign(JsonNode example) {
        ObjectNode variant = example.deepCopy();
        variant.put("name", WAIT_THEN_SIGN);
        ObjectNode wait = ((ArrayNode) variant.path("tasks")).insertObject(0);
        wait.put("name", "wait");
        wait.put("taskReferenceName", WAIT_REF);
        wait.put("type", "WAIT");
        return variant;
    }
}
