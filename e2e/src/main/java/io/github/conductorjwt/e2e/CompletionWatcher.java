package io.github.conductorjwt.e2e;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells a load run's clients when their workflows have ended: one thread reads the ids of the
 * running workflows of one name at a fixed interval, one request for all workflows in flight. What
 * waiting costs the server is then a fixed rate, not a read per workflow every few milliseconds,
 * which made a path whose workflows last longer pay for more reads.
 */
final class CompletionWatcher implements AutoCloseable {

    private final ConductorApi api;
    private final String workflowName;
    private final Duration every;
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    private final Thread thread;

    CompletionWatcher(ConductorApi api, String workflowName, Duration every) {
        this.api = api;
        this.workflowName = workflowName;
        this.every = every;
        this.thread = Thread.ofPlatform().daemon().name("completion-watcher").start(this::watch);
    }

    /**
     * Completes once the workflow no longer runs. Call after its start request has answered: a
     * workflow is counted as ended only by a read sent after it was registered here.
     */
    CompletableFuture<Void> ended(String workflowId) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        inFlight.put(workflowId, ended);
        return ended;
    }

    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            Set<String> asked = Set.copyOf(inFlight.keySet());
            if (!asked.isEmpty()) {
                try {
                    Set<String> running = api.runningWorkflowIds(workflowName);
                    for (String id : asked) {
                        if (!running.contains(id)) {
                            inFlight.remove(id).complete(null);
                        }
                    }
                } catch (RuntimeException e) {
                    asked.forEach(id -> inFlight.remove(id).completeExceptionally(e));
                }
            }
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }
}
