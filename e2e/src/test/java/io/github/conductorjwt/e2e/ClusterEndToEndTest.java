package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Where Conductor users scale: two stock server nodes with the plugin on one real PostgreSQL (the
 * README's production settings, {@link PostgresSettings}), workflows started on both. The node kill
 * runs last: it leaves one node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterEndToEndTest {

    private static final String EXAMPLE = GetSignedJwtContract.EXAMPLE;
    private static final String HELD_KEY_WORKFLOW = GetSignedJwtContract.HELD_KEY_WORKFLOW;

    /** The Orkes example behind a WAIT: the workflow stays RUNNING until a test completes it. */
    private static final String WAIT_THEN_SIGN = "jwt_wait_then_sign";

    private static final String WAIT_REF = "wait_ref";
    private static final int WORKFLOWS = 10;

    /**
     * Longer than Conductor's own recovery of a dead node's work: its 60 s workflow lock, then the
     * sweep (97–150 s measured).
     */
    private static final Duration CRASH_RECOVERY = Duration.ofMinutes(4);

    private static final DemoKey KEY = GetSignedJwtContract.KEY;
    private static final Map<String, String> SECRETS =
            Map.of("CONDUCTOR_SECRET_jwt-privatekey", KEY.privateKeyPem());

    private final WorkflowFiles workflows =
            new WorkflowFiles(Path.of(System.getProperty("conductorjwt.workflows.dir")));
    private EmbeddedPostgres postgres;
    private List<String> settings;
    private ConductorServer nodeA;
    private ConductorServer nodeB;
    private ConductorApi apiA;
    private ConductorApi apiB;

    @BeforeAll
    void startCluster() throws Exception {
        Instant started = Instant.now();
        postgres = EmbeddedPostgres.builder().start();
        System.out.printf("PostgreSQL up after %s%n", Duration.between(started, Instant.now()));
        settings =
                PostgresSettings.forDatabase(
                        postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
        // One after the other: the first node migrates the empty database.
        nodeA = startNode(pluginDir());
        nodeB = startNode(pluginDir());
        System.out.printf(
                "Cluster (PostgreSQL + 2 nodes) up after %s%n",
                Duration.between(started, Instant.now()));
        apiA = new ConductorApi(nodeA.baseUri());
        apiB = new ConductorApi(nodeB.baseUri());
        workflows.registerWith(apiA);
        apiA.putWorkflowDefs(List.of(waitThenSign(workflows.workflowDef(EXAMPLE))));
    }

    @AfterAll
    void stopCluster() throws Exception {
        for (ConductorServer node : new ConductorServer[] {nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void workflowsStartedAlternatelyOnBothNodesCompleteWithVerifiedTokens() {
        Instant started = Instant.now();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < WORKFLOWS; i++) {
            ids.add(api(i).startWorkflow(EXAMPLE, GetSignedJwtContract.exampleInput("read")));
        }

        List<JsonNode> ended = awaitAll(ids, GetSignedJwtContract.WORKFLOW_TIMEOUT);

        assertSignedOnceAndVerified(ended);
        System.out.printf(
                "%d workflows on both nodes: %s%n",
                WORKFLOWS, Duration.between(started, Instant.now()));
    }

    @Test
    @Order(4)
    void workflowsWaitingWhenANodeDiesAllCompleteThroughTheOtherSignedOnce() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < WORKFLOWS; i++) {
            ids.add(
                    api(i).startWorkflow(
                                    WAIT_THEN_SIGN, GetSignedJwtContract.exampleInput("read")));
        }
        for (String id : ids) {
            assertThat(apiB.workflow(id).path("status").asText()).isEqualTo("RUNNING");
        }

        Instant killed = Instant.now();
        nodeA.kill();
        for (String id : ids) {
            apiB.completeTask(id, WAIT_REF);
        }
        List<JsonNode> ended = awaitAll(ids, CRASH_RECOVERY);

        assertSignedOnceAndVerified(ended);
        System.out.printf(
                "%d workflows after the kill of node A: %s%n",
                WORKFLOWS, Duration.between(killed, Instant.now()));
    }

    private ConductorApi api(int i) {
        return i % 2 == 0 ? apiA : apiB;
    }

    private ConductorServer startNode(Path pluginDir) {
        ConductorServer node =
                ConductorServer.start(
                        Path.of(System.getProperty("conductorjwt.server.jar")),
                        pluginDir,
                        SECRETS,
                        settings);
        System.out.printf(
                "Node %s (plugin: %s) healthy after %s%n",
                node.baseUri(), pluginDir != null, node.startTime());
        return node;
    }

    private static Path pluginDir() {
        return Path.of(System.getProperty("conductorjwt.plugin.dir"));
    }

    /** Waits for every workflow to end, asking node B: the node kill leaves only B. */
    private List<JsonNode> awaitAll(List<String> ids, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<JsonNode> ended = new ArrayList<>();
        for (String id : ids) {
            ended.add(apiB.awaitEnd(id, Duration.between(Instant.now(), deadline)));
        }
        return ended;
    }

    /**
     * Every workflow COMPLETED with exactly one signing task, its token verified by Nimbus; no two
     * tokens share a jti.
     */
    private static void assertSignedOnceAndVerified(List<JsonNode> ended) {
        Set<String> jtis = new HashSet<>();
        for (JsonNode workflow : ended) {
            assertThat(workflow.path("status").asText())
                    .as("workflow %s", workflow.path("workflowId").asText())
                    .isEqualTo("COMPLETED");
            List<JsonNode> signing =
                    StreamSupport.stream(workflow.path("tasks").spliterator(), false)
                            .filter(task -> "GET_SIGNED_JWT".equals(task.path("taskType").asText()))
                            .toList();
            assertThat(signing).hasSize(1);
            String token = signing.get(0).path("outputData").path("token").asText();
            String jti = TokenVerifier.verify(token, KEY.publicKey()).claims().getJWTID();
            assertThat(jtis.add(jti)).as("jti %s signed once", jti).isTrue();
        }
    }

    /** The example with a WAIT before its signing step. */
    private static JsonNode waitThenSign(JsonNode example) {
        ObjectNode variant = example.deepCopy();
        variant.put("name", WAIT_THEN_SIGN);
        ArrayNode tasks = (ArrayNode) variant.path("tasks");
        ObjectNode wait = tasks.insertObject(0);
        wait.put("name", "wait");
        wait.put("taskReferenceName", WAIT_REF);
        wait.put("type", "WAIT");
        return variant;
    }
}
