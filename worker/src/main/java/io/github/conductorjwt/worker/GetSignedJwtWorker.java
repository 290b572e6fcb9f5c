package io.github.conductorjwt.worker;

import com.netflix.conductor.client.worker.Worker;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import io.github.conductorjwt.task.CacheConfig;
import io.github.conductorjwt.task.CacheKeyReferences;
import io.github.conductorjwt.task.SignedJwtTaskHandler;
import java.util.Map;

/** GET_SIGNED_JWT for the conductor-oss client: hands the polled task to the shared handler. */
final class GetSignedJwtWorker implements Worker {

    private final String taskType;
    private final SignedJwtTaskHandler handler;
    private final int pollIntervalMillis;

    GetSignedJwtWorker(String taskType, SignedJwtTaskHandler handler, int pollIntervalMillis) {
        this.taskType = taskType;
        this.handler = handler;
        this.pollIntervalMillis = pollIntervalMillis;
    }

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
        WorkflowTask declared = task.getWorkflowTask();
        try {
            return new RedactedTaskResult(
                    task,
                    handler.handle(
                            task.getTaskId(),
                            task.getInputData(),
                            declared == null ? null : declared.getInputParameters(),
                            cacheConfig(declared),
                            // The worker sees the task only: workflow references stay as written.
                            CacheKeyReferences.AS_WRITTEN));
        } catch (Throwable e) {
            // Even should the handler's own catch fail: a throw makes the client log the task.
            return RedactedTaskResult.fault(task, e);
        } finally {
            task.setInputData(Map.of()); // no later client log line prints the resolved key
        }
    }

    /** The server hands the workflow task out with its cacheConfig, which it never reads. */
    private static CacheConfig cacheConfig(WorkflowTask declared) {
        WorkflowTask.CacheConfig config = declared == null ? null : declared.getCacheConfig();
        return config == null ? null : new CacheConfig(config.getKey(), config.getTtlInSecond());
    }
}
