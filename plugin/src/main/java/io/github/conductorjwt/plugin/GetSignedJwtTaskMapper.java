package io.github.conductorjwt.plugin;

import com.netflix.conductor.common.metadata.tasks.TaskDef;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import com.netflix.conductor.core.execution.mapper.TaskMapper;
import com.netflix.conductor.core.execution.mapper.TaskMapperContext;
import com.netflix.conductor.core.utils.ParametersUtils;
import com.netflix.conductor.dao.MetadataDAO;
import com.netflix.conductor.model.TaskModel;
import io.github.conductorjwt.core.JwtInputNames;
import io.github.conductorjwt.task.GetSignedJwt;
import io.github.conductorjwt.task.HeldSigners;
import io.github.conductorjwt.task.SignedJwtTaskHandler;
import io.github.conductorjwt.task.SmuggledSecretReferences;
import io.github.conductorjwt.task.TaskOutcome;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Schedules a workflow's GET_SIGNED_JWT task as our system task, with what Conductor's own mappers
 * (KAFKA_PUBLISH, HTTP) copy: input evaluated, no task definition required. A task whose evaluated
 * input names a {@code keyName} the server holds on a device or behind a service (a PKCS#11 key)
 * goes to the asynchronous {@link GetSignedJwt#ASYNC_TASK_TYPE}, off the decide loop; any other
 * {@code keyName} goes to the external worker's queue, which holds the keys folder. A task whose
 * input carries a {@code ${workflow.secrets.*}} reference that came through workflow data is made
 * already failed, that field left out, so the server never resolves it.
 */
public class GetSignedJwtTaskMapper implements TaskMapper {

    private final SecretReferenceGuard guard;

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

    private final SignedJwtTaskHandler handler;
    private final HeldSigners heldSigners;

    public GetSignedJwtTaskMapper(
            ParametersUtils parametersUtils,
            MetadataDAO metadataDAO,
            SignedJwtTaskHandler handler) {
        this(parametersUtils, metadataDAO, handler, HeldSigners.NONE);
    }

    public GetSignedJwtTaskMapper(
            ParametersUtils parametersUtils,
            MetadataDAO metadataDAO,
            SignedJwtTaskHandler handler,
            HeldSigners heldSigners) {
        this.guard = new SecretReferenceGuard(parametersUtils, metadataDAO);
        this.handler = handler;
        this.heldSigners = heldSigners;
    }

    @Override
    public String getTaskType() {
        return GetSignedJwt.TASK_TYPE;
    }

    @Override
    public List<TaskModel> getMappedTasks(TaskMapperContext context) {
        WorkflowTask workflowTask = context.getWorkflowTask();
        TaskDef definition = guard.taskDefinition(workflowTask, context.getTaskDefinition());
        Map<String, Object> input =
                guard.evaluate(
                        workflowTask, definition, context.getWorkflowModel(), context.getTaskId());
        Set<String> smuggled = guard.smuggled(workflowTask, definition, input);

        TaskModel task = context.createTaskModel();
        copyScheduling(task, context, workflowTask, definition);
        if (!smuggled.isEmpty()) {
            // Our system task type, whatever the route: a retry of it runs our re-check.
            input.keySet().removeAll(smuggled);
            task.setInputData(input);
            refuse(
                    task,
                    handler.refuse(task.getTaskId(), SmuggledSecretReferences.refusal(smuggled)));
        } else if (heldSigners.isRemote(input.get(JwtInputNames.KEY_NAME))) {
            task.setInputData(input);
            task.setTaskType(GetSignedJwt.ASYNC_TASK_TYPE);
            task.setStatus(TaskModel.Status.SCHEDULED);
            boundAsync(task, definition);
        } else if (input.get(JwtInputNames.KEY_NAME) != null) {
            task.setInputData(input);
            task.setTaskType(GetSignedJwt.HELD_KEY_TASK_TYPE);
            task.setStatus(TaskModel.Status.SCHEDULED);
        } else {
            task.setInputData(input);
            task.setTaskType(GetSignedJwt.TASK_TYPE);
            task.setStartTime(System.currentTimeMillis());
            task.setStatus(TaskModel.Status.IN_PROGRESS);
        }
        return List.of(task);
    }

    /**
     * Gives an asynchronous task {@link #ASYNC_RESPONSE_TIMEOUT_SECONDS} unless its task definition
     * gives one: Conductor reserves the queue message of a running asynchronous task for its
     * response timeout, and with none for an hour, so a node killed mid-call would hold the task
     * that long.
     */
    static void boundAsync(TaskModel task, TaskDef definition) {
        if (definition == null
                || definition.getResponseTimeoutSeconds() <= 0
                || task.getResponseTimeoutSeconds() <= 0) {
            task.setResponseTimeoutSeconds(ASYNC_RESPONSE_TIMEOUT_SECONDS);
        }
    }

    /** As KafkaPublishTaskMapper and SimpleTaskMapper copy them; VerifyJwtTaskMapper's too. */
    static void copyScheduling(
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

    private static void refuse(TaskModel task, TaskOutcome outcome) {
        refuse(task, outcome, GetSignedJwt.TASK_TYPE);
    }

    /** Makes {@code task} already ended with {@code outcome}, as our system task {@code type}. */
    static void refuse(TaskModel task, TaskOutcome outcome, String type) {
        long now = System.currentTimeMillis();
        task.setTaskType(type);
        task.setStartTime(now);
        task.setEndTime(now);
        task.setReasonForIncompletion(outcome.reason());
        task.setStatus(TaskModel.Status.valueOf(outcome.status().name()));
    }
}
