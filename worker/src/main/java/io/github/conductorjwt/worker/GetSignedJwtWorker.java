package io.github.conductorjwt.worker;

import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import io.github.conductorjwt.task.CacheConfig;
import io.github.conductorjwt.task.CacheKeyReferences;
import io.github.conductorjwt.task.SignedJwtTaskHandler;
import io.github.conductorjwt.task.TaskOutcome;

/** GET_SIGNED_JWT for the conductor-oss client: hands the polled task to the shared handler. */
final class GetSignedJwtWorker extends HandlerWorker {

    private final SignedJwtTaskHandler handler;

    GetSignedJwtWorker(String taskType, SignedJwtTaskHandler handler, int pollIntervalMillis) {
        super(taskType, pollIntervalMillis, "signing failed: ");
        this.handler = handler;
    }

    @Override
    TaskOutcome handle(Task task, WorkflowTask declared) {
        return handler.handle(
                task.getTaskId(),
                task.getInputData(),
                declaredInput(declared),
                cacheConfig(declared),
                // The worker sees the task only: workflow references stay as written.
                CacheKeyReferences.AS_WRITTEN);
    }

    /** The server hands the workflow task out with its cacheConfig, which it never reads. */
    private static CacheConfig cacheConfig(WorkflowTask declared) {
        WorkflowTask.CacheConfig config = declared == null ? null : declared.getCacheConfig();
        return config == null ? null : new CacheConfig(config.getKey(), config.getTtlInSecond());
    }
}
