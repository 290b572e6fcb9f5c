package io.github.conductorjwt.plugin;

import com.netflix.conductor.common.metadata.tasks.TaskDef;
import com.netflix.conductor.core.utils.ParametersUtils;
import com.netflix.conductor.dao.MetadataDAO;
import com.netflix.conductor.model.TaskModel;
import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.core.VerifyInputNames;
import io.github.conductorjwt.task.HeldSigners;
import io.github.conductorjwt.task.TaskOutcome;
import io.github.conductorjwt.task.VerifyJwt;
import io.github.conductorjwt.task.VerifyJwtTaskHandler;
import java.util.Map;

/**
 * Schedules a workflow's VERIFY_JWT task by its evaluated input: with a key given inline, as our
 * synchronous system task (a verification is bounded CPU, cheaper than a queue round trip); with a
 * {@code jwksUri}, as the asynchronous twin {@link VerifyJwt#JWKS_TASK_TYPE}, so the fetch runs on
 * Conductor's system-task workers and never in the decide loop; with a {@code keyName} the server
 * holds ({@code conductor.jwt.pkcs11}, {@code conductor.jwt.google}), as our synchronous system
 * task too, since it verifies with public halves read at start and calls no device (a Google
 * account's name is refused there: Google publishes its keys); with any other {@code keyName}, on
 * the external worker's queue. What it shares with GET_SIGNED_JWT's mapper (smuggled secret
 * references refused among it) is {@link RoutedTaskMapper}'s.
 */
public class VerifyJwtTaskMapper extends RoutedTaskMapper {

    private final VerifyJwtTaskHandler handler;
    private final HeldSigners heldSigners;

    public VerifyJwtTaskMapper(
            ParametersUtils parametersUtils,
            MetadataDAO metadataDAO,
            VerifyJwtTaskHandler handler) {
        this(parametersUtils, metadataDAO, handler, HeldSigners.NONE);
    }

    /**
     * @param heldSigners the keys the server holds: a {@code keyName} of theirs verifies here
     */
    public VerifyJwtTaskMapper(
            ParametersUtils parametersUtils,
            MetadataDAO metadataDAO,
            VerifyJwtTaskHandler handler,
            HeldSigners heldSigners) {
        super(parametersUtils, metadataDAO);
        this.handler = handler;
        this.heldSigners = heldSigners;
    }

    @Override
    public String getTaskType() {
        return VerifyJwt.TASK_TYPE;
    }

    @Override
    void route(TaskModel task, Map<String, Object> input, TaskDef definition) {
        Object keyName = input.get(VerifyInputNames.KEY_NAME);
        if (heldSigners.find(keyName) != null) {
            runNow(task, VerifyJwt.TASK_TYPE);
        } else if (isGiven(keyName)) {
            queue(task, VerifyJwt.HELD_KEY_TASK_TYPE);
        } else if (isGiven(input.get(VerifyInputNames.JWKS_URI))) {
            queueAsync(task, VerifyJwt.JWKS_TASK_TYPE, definition);
        } else {
            runNow(task, VerifyJwt.TASK_TYPE);
        }
    }

    @Override
    TaskOutcome refuse(String taskId, InvalidJwtInputException refusal) {
        return handler.refuse(taskId, refusal);
    }

    /** A form's empty field is not given (see VerifyRequestReader). */
    private static boolean isGiven(Object value) {
        return value != null && !(value instanceof String text && text.isBlank());
    }
}
