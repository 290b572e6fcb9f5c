package io.github.conductorjwt.task;

import io.github.conductorjwt.core.InvalidJwtInputException;
import java.util.Map;
import java.util.Objects;

/**
 * What a GET_SIGNED_JWT or VERIFY_JWT run ends with, in terms each adapter maps onto its own task
 * model.
 *
 * @param status how the task ends
 * @param output the task output; on failure empty, or VERIFY_JWT's {@code valid} and {@code
 *     errorCode}
 * @param reason why the task failed, safe to show (no key material); {@code null} on success
 */
public record TaskOutcome(Status status, Map<String, Object> output, String reason) {

    public enum Status {
        COMPLETED,
        /** A fault on our side: retrying may help. */
        FAILED,
        /** Bad input: retrying cannot help. */
        FAILED_WITH_TERMINAL_ERROR
    }

    public TaskOutcome {
        Objects.requireNonNull(status, "status");
        output = Map.copyOf(output);
    }

    static TaskOutcome completed(Map<String, Object> output) {
        return new TaskOutcome(Status.COMPLETED, output, null);
    }

    static TaskOutcome failed(Status status, String reason) {
        return new TaskOutcome(status, Map.of(), reason);
    }

    /** Input no retry can fix: terminal, its reason the rules broken, field by field. */
    static TaskOutcome refused(InvalidJwtInputException refusal) {
        return failed(Status.FAILED_WITH_TERMINAL_ERROR, refusal.getMessage());
    }

    /** A failure whose output says why in a form a workflow can read (VERIFY_JWT's errorCode). */
    static TaskOutcome failed(Status status, String reason, Map<String, Object> output) {
        return new TaskOutcome(status, output, reason);
    }
}
