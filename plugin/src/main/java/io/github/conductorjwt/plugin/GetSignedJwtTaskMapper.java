package io.github.conductorjwt.plugin;

import com.netflix.conductor.common.metadata.tasks.TaskDef;
import com.netflix.conductor.core.utils.ParametersUtils;
import com.netflix.conductor.dao.MetadataDAO;
import com.netflix.conductor.model.TaskModel;
import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.core.JwtInputNames;
import io.github.conductorjwt.task.GetSignedJwt;
import io.github.conductorjwt.task.HeldSigners;
import io.github.conductorjwt.task.SignedJwtTaskHandler;
import io.github.conductorjwt.task.TaskOutcome;
import java.util.Map;

/**
 * Schedules a workflow's GET_SIGNED_JWT task as our system task (see {@link RoutedTaskMapper} for
 * what it shares with VERIFY_JWT's). A task whose evaluated input names a {@code keyName} the
 * server holds on a device or behind a service (a PKCS#11 key) goes to the asynchronous {@link
 * GetSignedJwt#ASYNC_TASK_TYPE}, off the decide loop; any other {@code keyName} goes to the
 * external worker's queue, which holds the keys folder; key text is signed in this decide.
 */
public class GetSignedJwtTaskMapper extends RoutedTaskMapper {

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
        super(parametersUtils, metadataDAO);
        this.handler = handler;
        this.heldSigners = heldSigners;
    }

    @Override
    public String getTaskType() {
        return GetSignedJwt.TASK_TYPE;
    }

    @Override
    void route(TaskModel task, Map<String, Object> input, TaskDef definition) {
        Object keyName = input.get(JwtInputNames.KEY_NAME);
        if (heldSigners.isRemote(keyName)) {
            queueAsync(task, GetSignedJwt.ASYNC_TASK_TYPE, definition);
        } else if (keyName != null) {
            queue(task, GetSignedJwt.HELD_KEY_TASK_TYPE);
        } else {
            runNow(task, GetSignedJwt.TASK_TYPE);
        }
    }

    @Override
    TaskOutcome refuse(String taskId, InvalidJwtInputException refusal) {
        return handler.refuse(taskId, refusal);
    }
}
