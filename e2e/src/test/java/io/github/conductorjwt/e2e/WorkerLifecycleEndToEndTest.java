package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import io.github.conductorjwt.core.IndependentVerifier;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Stopping and killing the real worker jar under load on the real stock server, with the task
 * definition from {@code workflows/taskdefs/}: nothing a worker polled is lost, and every workflow
 * it held completes with a token Nimbus verifies. The default build runs the hand-back cases and
 * {@value #DEFAULT_ROUNDS} SIGTERM rounds; the SIGKILL case ({@code slow}, about 3 minutes) runs
 * with {@code -DexcludedGroups=}; the full run (about 10 minutes):
 *
 * <pre>
 * mvn -B -pl e2e -am verify -Dtest=WorkerLifecycleEndToEndTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -DexcludedGroups= -Dconductorjwt.lifecycle.rounds=20
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerLifecycleEndToEndTest {

    private static final DemoKey KEY = DemoKey.rsa(2048);
    private static final String WORKFLOW = "get_signed_jwt";
    private static final int DEFAULT_ROUNDS = 3;
    private static final int ROUNDS =
            Integer.getInteger("conductorjwt.lifecycle.rounds", DEFAULT_ROUNDS);
    private static final int PER_ROUND = 50;
    private static final int HELD = 4;

    /** For a worker to take queued tasks, or a held answer to arrive: a hang guard. */
    private static final Duration NOTHING_LOST = Duration.ofSeconds(60);

    private static final Duration POLL = Duration.ofMillis(20);

    /**
     * A killed worker's task back through the task definition's 29 s response timeout (28-31 s
     * after the kill measured when the worker took it as it was queued), or at the sweeper's next
     * look after the queue's 60 s unack sweep (69-134 s), with room on a busy machine; the old 180
     * s took 247-334 s, past this bound.
     */
    private static final Duration RECOVERY = Duration.ofMinutes(4);

    private static final Pattern DRAINING =
            Pattern.compile(
                    "Draining: (\\d+) task\\(s\\) in hand, (\\d+) result\\(s\\) and (\\d+)"
                            + " poll\\(s\\) in flight");
    private static final Pattern DIAGNOSTIC =
            Pattern.compile(
                    "Drain|handed back|not sent|Error polling|Failed to update|Error executing"
                            + "|SocketTimeout|dropping task");
    private static final Pattern HANDED_BACK = Pattern.compile("handed back (\\d+) task\\(s\\)");

    private ConductorServer server;
    private ConductorApi api;

    @BeforeAll
    void startServer() {
        server = EndToEnd.serverSigningWith(KEY);
        api = EndToEnd.registered(server);
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * {@value #DEFAULT_ROUNDS} rounds in the default build, as many as {@code
     * conductorjwt.lifecycle.rounds} says otherwise; a failure prints both workers' drain and HTTP
     * error lines to say which lost the task.
     */
    @Test
    void sigtermUnderLoadLosesNoTask() throws Exception {
        try (WorkerProcess steady = WorkerProcess.start(workerJar(), environment(Map.of()));
                ExecutorService clients = Executors.newFixedThreadPool(8)) {
            for (int round = 1; round <= ROUNDS; round++) {
                WorkerProcess stopping = WorkerProcess.start(workerJar(), environment(Map.of()));
                AtomicInteger started = new AtomicInteger();
                List<Future<JsonNode>> runs = new ArrayList<>();
                for (int i = 0; i < PER_ROUND; i++) {
                    String subject = "round-" + round + "-" + i;
                    runs.add(
                            clients.submit(
                                    () -> {
                                        String id = api.startWorkflow(WORKFLOW, input(subject));
                                        started.incrementAndGet();
                                        // Long enough for a lost task to come back through the
                                        // response timeout as a second attempt: the loss shows
                                        // in the attempts, however slow the machine.
                                        return awaitEnd(id, RECOVERY);
                                    }));
                }
                while (started.get() < PER_ROUND / 2) {
                    Thread.onSpinWait();
                }
                long signalled = System.nanoTime();
                stopping.terminate();
                long exitMillis = (System.nanoTime() - signalled) / 1_000_000;
                String log = stopping.log();
                stopping.close();

                assertThat(log).doesNotContain("dropping task").contains("Drained in");
                Matcher draining = DRAINING.matcher(log);
                assertThat(draining.find()).as("the drain's log line").isTrue();
                Matcher handedBack = HANDED_BACK.matcher(log);
                assertThat(handedBack.find()).as("the drain's last log line").isTrue();
                System.out.println(
                        ("round %d: %s task(s) in hand, %s result(s) and %s poll(s) in flight at"
                                        + " SIGTERM, %s handed back, exit after %d ms")
                                .formatted(
                                        round,
                                        draining.group(1),
                                        draining.group(2),
                                        draining.group(3),
                                        handedBack.group(1),
                                        exitMillis));
                try {
                    List<JsonNode> ended = new ArrayList<>();
                    for (Future<JsonNode> run : runs) {
                        JsonNode workflow = run.get();
                        assertCompletedFirstTime(workflow);
                        ended.add(workflow);
                    }
                    // Each task polled once, or twice when the stopping worker handed it back
                    // and the steady one took it: the drain answered for every task it held.
                    assertThat(
                                    ended.stream()
                                            .mapToInt(this::pollCount)
                                            .filter(polls -> polls > 1)
                                            .count())
                            .as("tasks polled again: the ones the drain handed back")
                            .isEqualTo(Long.parseLong(handedBack.group(1)));
                    assertThat(ended)
                            .allSatisfy(
                                    workflow -> assertThat(pollCount(workflow)).isBetween(1, 2));
                } catch (ExecutionException | AssertionError e) {
                    // Which worker had it: the drain's lines and either worker's HTTP errors.
                    throw new AssertionError(
                            "round "
                                    + round
                                    + ": "
                                    + e.getMessage()
                                    + "\nstopping worker:\n"
                                    + linesOf(log, DIAGNOSTIC)
                                    + "\nsteady worker:\n"
                                    + linesOf(steady.log(), DIAGNOSTIC),
                            e);
                }
            }
        }
    }

    /** How many times the server handed the workflow's one task out. */
    private int pollCount(JsonNode workflow) {
        return workflow.path("tasks").path(0).path("pollCount").asInt();
    }

    /**
     * Waits out the task definition's response timeout and the server's next look (30 s to about 2
     * minutes); the workflows complete within {@link #RECOVERY}: {@code slow}.
     */
    @Tag("slow")
    @Test
    void sigkillWithTasksHeldLosesNoWorkflow() throws Exception {
        List<String> ids;
        WorkerProcess holder = startHolder();
        try {
            ids = startHeld(holder);
            holder.kill();
        } finally {
            holder.close();
        }
        Instant killed = Instant.now();
        try (WorkerProcess second = WorkerProcess.start(workerJar(), environment(Map.of()))) {
            for (String id : ids) {
                JsonNode workflow = api.awaitEnd(id, RECOVERY);
                assertCompleted(workflow);
                JsonNode tasks = workflow.path("tasks");
                JsonNode last = tasks.path(tasks.size() - 1);
                System.out.printf(
                        "SIGKILL with %d held: %s completed %d s after the kill, %d task"
                                + " attempt(s), last polled %d time(s)%n",
                        HELD,
                        id,
                        Duration.between(killed, Instant.now()).toSeconds(),
                        tasks.size(),
                        last.path("pollCount").asInt());
            }
        }
    }

    @Test
    void sigtermWithTasksHeldHandsThemBack() throws Exception {
        WorkerProcess holder = startHolder();
        try {
            List<String> ids = startHeld(holder);
            try (WorkerProcess second = WorkerProcess.start(workerJar(), environment(Map.of()))) {
                Instant signalled = Instant.now();
                holder.terminate();
                assertThat(holder.log())
                        .contains("handed back " + HELD + " task(s)")
                        .doesNotContain("dropping task");
                for (String id : ids) {
                    JsonNode workflow = api.awaitEnd(id, NOTHING_LOST);
                    assertCompleted(workflow);
                    assertThat(workflow.path("tasks")).as("no retry, no timeout").hasSize(1);
                    // What the SIGTERM rounds count a hand-back by: polled by each worker once.
                    assertThat(pollCount(workflow))
                            .as("polled again after the hand-back")
                            .isEqualTo(2);
                }
                System.out.printf(
                        "SIGTERM with %d held: all handed back and completed %d ms after the"
                                + " signal%n",
                        HELD, Duration.between(signalled, Instant.now()).toMillis());
            }
        } finally {
            holder.close();
        }
    }

    /**
     * A server too slow to take the results before the drain's deadline (measured under load: 10 s
     * for an update): the worker waits for them rather than hand the tasks back as well, since a
     * hand-back racing a result on the server can leave a task scheduled with no queue message and
     * its workflow stalled. Each task is answered once; no other worker signs it again.
     */
    @Test
    void aResultOnItsWayAtTheDrainDeadlineIsNotHandedBack() throws Exception {
        List<String> ids = startWorkflows("slow-"); // queued first: taken in one poll
        try (TaskUpdatesProxy slowServer = TaskUpdatesProxy.holdingResults(server.baseUri())) {
            WorkerProcess stopping = startWorkerThrough(slowServer);
            try {
                await("results held")
                        .atMost(NOTHING_LOST)
                        .pollInterval(POLL)
                        .until(() -> slowServer.heldResults() >= HELD);
                Instant signalled = Instant.now();
                CompletableFuture<Void> stopped = CompletableFuture.runAsync(stopping::terminate);
                // Released within the worker's 30 s wait for an answer, so each result arrives.
                await("the drain's deadline")
                        .atMost(NOTHING_LOST)
                        .pollInterval(POLL)
                        .failFast("stopped without waiting for the results", stopped::isDone)
                        .until(() -> stopping.log().contains("Drain deadline"));
                slowServer.release();
                stopped.get(1, TimeUnit.MINUTES);
                assertThat(stopping.log())
                        .contains(HELD + " result(s) and 0 poll(s) in flight")
                        .contains("handed back 0 task(s)")
                        .doesNotContain("dropping task");
                try (WorkerProcess second =
                        WorkerProcess.start(workerJar(), environment(Map.of()))) {
                    for (String id : ids) {
                        JsonNode workflow = api.awaitEnd(id, NOTHING_LOST);
                        assertCompletedFirstTime(workflow);
                        assertThat(workflow.path("tasks").path(0).path("pollCount").asInt())
                                .as("polled once: no other worker signed it again")
                                .isEqualTo(1);
                    }
                }
                System.out.printf(
                        "SIGTERM with %d results on their way at the drain deadline: none handed"
                                + " back, all completed %d ms after the signal%n",
                        HELD, Duration.between(signalled, Instant.now()).toMillis());
            } finally {
                stopping.close();
            }
        }
    }

    /**
     * A busy server answers a poll late (measured under load: over 10 s), when the worker has
     * already been told to stop: the server marked those tasks IN_PROGRESS as it answered, so a
     * worker that stopped listening would leave them to the response timeout. The stopping worker
     * waits for the answer past its drain deadline and hands the tasks back at once.
     */
    @Test
    void aPollAnsweredLateDuringTheDrainIsWaitedForAndHandedBack() throws Exception {
        Duration late = Duration.ofSeconds(12); // past the drain's 6 s and the client's old 10 s
        List<String> ids = startWorkflows("late-poll-"); // queued first: taken in one poll
        try (TaskUpdatesProxy busyServer = TaskUpdatesProxy.holdingPolls(server.baseUri(), late)) {
            WorkerProcess stopping = startWorkerThrough(busyServer);
            try {
                awaitTaken(ids, stopping); // handed out by the server, the answers still held
                await("poll answer held") // the server answered; the proxy holds it
                        .atMost(NOTHING_LOST)
                        .pollInterval(POLL)
                        .until(() -> busyServer.heldPolls() > 0);
                assertThat(busyServer.heldPolls()).as("one poll brought them all").isEqualTo(1);
                Instant signalled = Instant.now();
                stopping.terminate();
                assertThat(stopping.log())
                        .contains("Drain deadline")
                        .doesNotContain("dropping task");
                assertThat(handedBackIn(stopping.log())).isEqualTo(HELD);
                try (WorkerProcess second =
                        WorkerProcess.start(workerJar(), environment(Map.of()))) {
                    for (String id : ids) {
                        assertCompletedFirstTime(api.awaitEnd(id, NOTHING_LOST));
                    }
                }
                System.out.printf(
                        "SIGTERM with %d tasks in a poll answered %d s late: all handed back and"
                                + " completed %d ms after the signal%n",
                        HELD,
                        late.toSeconds(),
                        Duration.between(signalled, Instant.now()).toMillis());
            } finally {
                stopping.close();
            }
        }
    }

    /** The tasks the drain's log lines say it handed back, before and after its deadline. */
    private static int handedBackIn(String log) {
        Matcher handedBack = HANDED_BACK.matcher(log);
        assertThat(handedBack.find()).as("the drain's last log line").isTrue();
        return Integer.parseInt(handedBack.group(1));
    }

    /** As {@link ConductorApi#awaitEnd}, saying where the task stands when it does not end. */
    private JsonNode awaitEnd(String id, Duration timeout) {
        try {
            return api.awaitEnd(id, timeout);
        } catch (IllegalStateException e) {
            JsonNode task = api.workflow(id).path("tasks").path(0);
            throw new AssertionError(
                    e.getMessage()
                            + "; its task "
                            + task.path("status").asText()
                            + ", polled "
                            + task.path("pollCount").asInt()
                            + " time(s), updated "
                            + task.path("updateTime").asLong()
                            + ", scheduled "
                            + task.path("scheduledTime").asLong(),
                    e);
        }
    }

    private WorkerProcess startHolder() {
        return EndToEnd.startWorker(
                HoldingSignatureProvider.class,
                server.baseUri(),
                // The holding provider sits in the JVM's list; ACCP (auto) would sign around it.
                Map.of(
                        "CONDUCTOR_JWT_WORKER_THREADS",
                        String.valueOf(HELD),
                        "CONDUCTOR_JWT_PROVIDER",
                        "jdk"));
    }

    /** Starts {@link #HELD} workflows and waits until the holder has taken every task. */
    private List<String> startHeld(WorkerProcess holder) throws InterruptedException {
        List<String> ids = startWorkflows("held-");
        awaitTaken(ids, holder);
        return ids;
    }

    /** Starts {@link #HELD} workflows, their subjects starting with {@code prefix}. */
    private List<String> startWorkflows(String prefix) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < HELD; i++) {
            ids.add(api.startWorkflow(WORKFLOW, input(prefix + i)));
        }
        return ids;
    }

    /** Waits until the server has handed every task out (IN_PROGRESS), the worker still alive. */
    private void awaitTaken(List<String> ids, WorkerProcess worker) {
        for (String id : ids) {
            await("worker took " + id)
                    .atMost(NOTHING_LOST)
                    .pollInterval(POLL)
                    .failFast("the worker exited", () -> !worker.isAlive())
                    .until(
                            () -> api.workflow(id).path("tasks").path(0).path("status").asText(),
                            "IN_PROGRESS"::equals);
        }
    }

    /** A worker with {@link #HELD} threads, so it takes the queued workflows in one poll. */
    private static WorkerProcess startWorkerThrough(TaskUpdatesProxy proxy) {
        return WorkerProcess.start(
                workerJar(),
                environment(
                        proxy.baseUri(),
                        Map.of("CONDUCTOR_JWT_WORKER_THREADS", String.valueOf(HELD))));
    }

    private static String linesOf(String log, Pattern wanted) {
        return log.lines()
                .filter(line -> wanted.matcher(line).find())
                .collect(Collectors.joining("\n"));
    }

    private static void assertCompletedFirstTime(JsonNode workflow) {
        assertCompleted(workflow);
        assertThat(workflow.path("tasks")).as("no retry, no timeout").hasSize(1);
    }

    private static void assertCompleted(JsonNode workflow) {
        assertThat(workflow.path("status").asText()).isEqualTo("COMPLETED");
        String subject = workflow.path("input").path("subject").asText();
        SignedJWT token =
                IndependentVerifier.verify(
                        workflow.path("output").path("token").asText(), KEY.publicKey());
        assertThat(IndependentVerifier.claimsOf(token).getSubject()).isEqualTo(subject);
    }

    private static Map<String, Object> input(String subject) {
        Map<String, Object> input = new HashMap<>();
        input.put("subject", subject + "-" + UUID.randomUUID());
        input.put("issuer", "issuer@conductor-jwt.test");
        input.put("audience", "https://api.conductor-jwt.test");
        input.put("scope", "read");
        return input;
    }

    private static Path workerJar() {
        return EndToEnd.workerJar();
    }

    private Map<String, String> environment(Map<String, String> extra) {
        return environment(server.baseUri(), extra);
    }

    private static Map<String, String> environment(URI base, Map<String, String> extra) {
        return EndToEnd.workerEnvironment(base, extra);
    }
}
