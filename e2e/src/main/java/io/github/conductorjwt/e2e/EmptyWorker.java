package io.github.conductorjwt.e2e;

import com.netflix.conductor.client.automator.TaskRunnerConfigurer;
import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.TaskClient;
import com.netflix.conductor.client.worker.Worker;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The limit of the worker path: a worker on the conductor-oss client that completes each task at
 * once with a fixed output and does nothing else. {@link WorkerPathLoadRun} runs it off the worker
 * jar (the same client, HTTP stack and logger as ours) with the settings it gives ours, named as
 * ours reads them.
 */
public final class EmptyWorker {

    /** What ours waits for any answer of the server ({@code WorkerMain.SERVER_ANSWER}). */
    static final long READ_TIMEOUT_MILLIS = 30_000;

    /**
     * Our output's members with values of their size (an RS256-2048 token is about 600 characters),
     * so the server stores and decides on as much as with ours.
     */
    static final Map<String, Object> OUTPUT =
            Map.of(
                    "token",
                    "e".repeat(600),
                    "keyId",
                    "load-1",
                    "algorithm",
                    "RS256",
                    "issuedAt",
                    1_700_000_000L,
                    "expiresAt",
                    1_700_000_300L,
                    "jti",
                    "00000000-0000-0000-0000-000000000000");

    private EmptyWorker() {}

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = System.getenv();
        String serverUrl = env.get(WorkerPathLoadRun.SERVER_URL);
        int threads = Integer.parseInt(env.get(WorkerPathLoadRun.THREADS));
        int pollIntervalMillis = Integer.parseInt(env.get(WorkerPathLoadRun.POLL_INTERVAL_MS));
        int pollTimeoutMillis = Integer.parseInt(env.get(WorkerPathLoadRun.POLL_TIMEOUT_MS));
        List<String> taskTypes = Arrays.asList(env.get(WorkerPathLoadRun.TASK_TYPES).split(","));

        ConductorClient client = new ConductorClient(serverUrl);
        client.setReadTimeout(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        TaskRunnerConfigurer runner =
                new TaskRunnerConfigurer.Builder(
                                new TaskClient(client),
                                taskTypes.stream()
                                        .map(type -> completeAtOnce(type, pollIntervalMillis))
                                        .toList())
                        .withThreadCount(threads)
                        .withTaskPollTimeout(pollTimeoutMillis)
                        .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    runner.shutdown();
                                    client.shutdown();
                                    stopped.countDown();
                                }));
        runner.init();
        // What WorkerProcess waits for, as from ours.
        System.out.printf(
                "Polling %s at %s with %d thread(s), completing each task at once%n",
                String.join(" and ", taskTypes), serverUrl, threads);
        stopped.await();
    }

    private static Worker completeAtOnce(String taskType, int pollIntervalMillis) {
        return new Worker() {
            @Override
            public String getTaskDefName() {
                return taskType;
            }

            @Override
            public int getPollingInterval() {
                return pollIntervalMillis;
            }

            @Override
            public TaskResult execute(Task task) {
                TaskResult result = new TaskResult(task);
                result.setStatus(TaskResult.Status.COMPLETED);
                result.setOutputData(OUTPUT);
                return result;
            }
        };
    }
}
