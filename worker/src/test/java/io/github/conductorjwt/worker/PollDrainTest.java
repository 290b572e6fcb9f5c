package io.github.conductorjwt.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PollDrainTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final PollDrain<String> drain = new PollDrain<>();

    @Test
    void waitsForThePollInFlightAndEveryTaskItBrought() throws Exception {
        assertThat(drain.pollStarting()).isTrue();
        CompletableFuture<List<String>> drained = drainInBackground(Duration.ofMinutes(1));

        assertThat(drain.pollStarting()).as("no poll starts once draining").isFalse();
        assertThat(drain.pollEnded(Map.of("t1", "task 1", "t2", "task 2"))).isTrue();
        report("t1");
        // A drain that returned before t2's report would have claimed t2 for a hand-back, and
        // report refuses a handed-back task's result: no timing decides this.
        report("t2");

        assertThat(drained.get(1, TimeUnit.MINUTES)).isEmpty();
    }

    @Test
    void returnsWhatIsStillUnreportedAtTheDeadline() throws Exception {
        assertThat(drain.pollStarting()).isTrue();
        drain.pollEnded(Map.of("t1", "task 1", "t2", "task 2"));
        report("t2");

        assertThat(drain.drain(Duration.ofMillis(50))).containsExactly("task 1");
        assertThat(drain.reportStarting("t1"))
                .as("a handed-back task's result is not sent")
                .isFalse();
    }

    @Test
    void aResultOnItsWayIsNotHandedBackAndSettleWaitsForIt() throws Exception {
        assertThat(drain.pollStarting()).isTrue();
        drain.pollEnded(Map.of("t1", "task 1"));
        assertThat(drain.reportStarting("t1")).isTrue();

        assertThat(drain.drain(Duration.ofMillis(50))).isEmpty();
        Background settling = inBackground(() -> drain.settle(MINUTE));
        // Parked inside settle, waiting for the result: a settle that did not wait would have
        // ended without parking.
        await().atMost(MINUTE)
                .failFast("settle returned without waiting", settling.result()::isDone)
                .until(() -> settling.thread().getState() == Thread.State.TIMED_WAITING);
        assertThat(settling.result()).isNotDone();
        drain.reportEnded("t1", true);

        assertThat(settling.result().get(1, TimeUnit.MINUTES)).isEmpty();
    }

    @Test
    void aResultTheServerDidNotTakeIsHandedBackAfterAll() throws Exception {
        assertThat(drain.pollStarting()).isTrue();
        drain.pollEnded(Map.of("t1", "task 1"));
        assertThat(drain.reportStarting("t1")).isTrue();
        assertThat(drain.drain(Duration.ofMillis(50))).isEmpty();

        drain.reportEnded("t1", false);

        assertThat(drain.settle(MINUTE)).containsExactly("task 1");
    }

    @Test
    void whatAPollBringsAfterTheDeadlineIsHandedBackNotExecuted() throws Exception {
        assertThat(drain.pollStarting()).isTrue();
        assertThat(drain.drain(Duration.ofMillis(50))).isEmpty();

        assertThat(drain.pollEnded(Map.of("t1", "task 1"))).as("runner may execute").isFalse();

        assertThat(drain.settle(MINUTE)).containsExactly("task 1");
    }

    @Test
    void aFailedPollLeavesNothingInHand() throws Exception {
        assertThat(drain.pollStarting()).isTrue();
        drain.pollEnded(Map.of());

        assertThat(drain.drain(Duration.ofMinutes(1))).isEmpty();
    }

    private void report(String taskId) {
        assertThat(drain.reportStarting(taskId)).isTrue();
        drain.reportEnded(taskId, true);
    }

    private CompletableFuture<List<String>> drainInBackground(Duration timeout) {
        CompletableFuture<List<String>> drained = inBackground(() -> drain.drain(timeout)).result();
        while (drain.pollStarting()) { // until the drain has begun
            drain.pollEnded(Map.of());
            Thread.onSpinWait();
        }
        return drained;
    }

    private interface Waiting {
        List<String> call() throws InterruptedException;
    }

    /** A thread running one wait, and what it returns. */
    private record Background(Thread thread, CompletableFuture<List<String>> result) {}

    private static Background inBackground(Waiting waiting) {
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                done.complete(waiting.call());
                            } catch (InterruptedException e) {
                                done.completeExceptionally(e);
                            }
                        });
        thread.start();
        return new Background(thread, done);
    }
}
