package io.github.conductorjwt.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PollDrainTest {

    private final PollDrain<String> drain = new PollDrain<>();

    @Test
    void waitsForThePollInFlightAndEveryTaskItBrought() throws Exception {
        assertThat(drain.pollStarting()).isTrue();
        CompletableFuture<List<String>> drained = drainInBackground(Duration.ofMinutes(1));

        assertThat(drain.pollStarting()).as("no poll starts once draining").isFalse();
        drain.pollEnded(Map.of("t1", "task 1", "t2", "task 2"));
        drain.reported("t1");
        assertThat(drained).isNotDone();
        drain.reported("t2");

        assertThat(drained.get(1, TimeUnit.MINUTES)).isEmpty();
    }

    @Test
    void returnsWhatIsStillUnreportedAtTheDeadline() throws Exception {
        assertThat(drain.pollStarting()).isTrue();
        drain.pollEnded(Map.of("t1", "task 1", "t2", "task 2"));
        drain.reported("t2");

        assertThat(drain.drain(Duration.ofMillis(50))).containsExactly("task 1");
    }

    @Test
    void aFailedPollLeavesNothingInHand() throws Exception {
        assertThat(drain.pollStarting()).isTrue();
        drain.pollEnded(Map.of());

        assertThat(drain.drain(Duration.ofMinutes(1))).isEmpty();
    }

    private CompletableFuture<List<String>> drainInBackground(Duration timeout)
            throws InterruptedException {
        CompletableFuture<List<String>> drained = new CompletableFuture<>();
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                drained.complete(drain.drain(timeout));
                            } catch (InterruptedException e) {
                                drained.completeExceptionally(e);
                            }
                        });
        thread.start();
        while (drain.pollStarting()) { // until the drain has begun
            drain.pollEnded(Map.of());
            Thread.onSpinWait();
        }
        return drained;
    }
}
