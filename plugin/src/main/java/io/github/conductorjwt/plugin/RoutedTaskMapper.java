package io.github.conductorjwt.plugin;

import com.netflix.conductor.common.metadata.tasks.TaskDef;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import com.netflix.conductor.core.execution.mapper.TaskMapper;
import com.netflix.conductor.core.execution.mapper.TaskMapperContext;
import com.netflix.conductor.core.utils.ParametersUtils;
import com.netflix.conductor.dao.MetadataDAO;
import com.netflix.conductor.model.TaskModel;
import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.task.SmuggledSecretReferences;
import io.github.conductorjwt.task.TaskOutcome;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What our task mappers share around their one decision, the route: the input evaluated as
 * Conductor's own mappers (KAFKA_PUBLISH, HTTP) evaluate it, no task definition required, what the
 * scheduler needs copied from it, and a task whose input carries a {@code ${workflow.secrets.*}}
 * reference that came through workflow data made already failed, that field left out, so the server
 * never resolves it. Subclasses route a clean task: run it now, or queue it.
 */
abstract class RoutedTaskMapper implements TaskMapper {

    /**
     * The response timeout of an asynchronous task: left unset, Conductor's (3600 s) would keep a
     * task whose system-task worker died SCHEDULED for an hour. Conductor reserves a running task's
     * queue message this long and re-delivers it at its next unack sweep (every 60 s) after that:
     * with 29 s a task cut off by a node kill re-ran 88 s after the kill, as with 1 s, against 147
     * s with 60 (RecoveryTimeoutsRun). Above every bounded call a held signer or a JWKS fetch makes
     * (Google 5 + 15 s, JWKS 2 + 5 s), and a live call is re-delivered only 60 s past it. A task
     * definition's own responseTimeoutSeconds wins (its default, 3600, cannot be told from one
     * given).
     */
    static final long ASYNC_RESPONSE_TIMEOUT_SECONDS = 29;

    private final SecretReferenceGuard guard;

    RoutedTaskMapper(ParametersUtils parametersUtils, MetadataDAO metadataDAO) {
        this.guard = new SecretReferenceGuard(parametersUtils, metadataDAO);
    }

    @Override
    public final List<TaskModel> getMappedTasks(TaskMapperContext context) {
        WorkflowTask workflowTask = context.getWorkflowTask();
        TaskDef definition = guard.taskDefinition(workflowTask, context.getTaskDefinition());
        Map<String, Object> input =
                guard.evaluate(
                        workflowTask, definition, context.getWorkflowModel(), context.getTaskId());
        Set<String> smuggled = guard.smuggled(workflowTask, definition, input);

        TaskModel task = context.createTaskModel();
        copyScheduling(task, context, workflowTask, definition);
        if (!smuggled.isEmpty()) {
            input.keySet().removeAll(smuggled);
            task.setInputData(input);
            // Our system task type, whatever the route: a retry of it runs our re-check.
            ended(
                    task,
                    refuse(task.getTaskId(), SmuggledSecretReferences.refusal(smuggled)),
                    getTaskType());
        } else {
            task.setInputData(input);
            route(task, input, definition);
        }
        return List.of(task);
    }

    /** Gives a task with clean input its type and status: {@link #runNow} or {@link #queue}. */
    abstract void route(TaskModel task, Map<String, Object> input, TaskDef definition);

    /** The handler's refusal: logged and counted as any other. */
    abstract TaskOutcome refuse(String taskId, InvalidJwtInputException refusal);

    /** Our synchronous system task: it runs in this decide. */
    static void runNow(TaskModel task, String type) {
        task.setTaskType(type);
        task.setStartTime(System.currentTimeMillis());
        task.setStatus(TaskModel.Status.IN_PROGRESS);
    }

    /**
     * A queue's: the external worker's, or an asynchronous system task's (see {@link #queueAsync}).
     */
    static void queue(TaskModel task, String type) {
        task.setTaskType(type);
        task.setStatus(TaskModel.Status.SCHEDULED);
    }

    /**
     * An asynchronous system task, given {@link #ASYNC_RESPONSE_TIMEOUT_SECONDS} unless its task
     * definition gives one: Conductor reserves the queue message of a running asynchronous task for
     * its response timeout, and with none for an hour, so a node killed mid-call would hold the
     * task that long.
     */
    static void queueAsync(TaskModel task, String type, TaskDef definition) {
        queue(task, type);
        if (definition == null
                || definition.getResponseTimeoutSeconds() <= 0
                || task.getResponseTimeoutSeconds() <= 0) {
            task.setResponseTimeoutSeconds(ASYNC_RESPONSE_TIMEOUT_SECONDS);
        }
    }

    /** As KafkaPublishTaskMapper and SimpleTaskMapper copy them. */
    private static void copyScheduling(
            TaskModel task,
            TaskMapperContext context,
            WorkflowTask workflowTask,
            TaskDef definition) {
        task.setRetryCount(context.getRetryCount());
        task.setRetriedTaskId(context.getRetryTaskId());
        task.setStartDelayInSeconds(workflowTask.getStartDelay());
        task.setCallbackAfterSeconds(workflowTask.getStartDelay());
        if (definition != null) {
            task.setExecutionNameSpace(definition.getExecutionNameSpace());
            task.setIsolationGroupId(definition.getIsolationGroupId());
            task.setRateLimitPerFrequency(definition.getRateLimitPerFrequency());
            task.setRateLimitFrequencyInSeconds(definition.getRateLimitFrequencyInSeconds());
            task.setResponseTimeoutSeconds(definition.getResponseTimeoutSeconds());
        }
    }

    /** Makes {@code task} already ended with {@code outcome}, as our system task {@code type}. */
    private static void ended(TaskModel task, TaskOutcome outcome, String type) {
        long now = System.currentTimeMillis();
        task.setTaskType(type);
        task.setStartTime(now);
        task.setEndTime(now);
        task.setReasonForIncompletion(outcome.reason());
        task.setStatus(TaskModel.Status.valueOf(outcome.status().name()));
    }
}
