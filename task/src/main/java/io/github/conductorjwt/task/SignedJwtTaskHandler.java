package io.github.conductorjwt.task;

import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.SignedJwt;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one GET_SIGNED_JWT task: the one place that turns an input map into outputs and an error
 * into a task failure. Adapters hand it the task's input and map the {@link TaskOutcome} back.
 */
public final class SignedJwtTaskHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SignedJwtTaskHandler.class);

    private final JwtRequestReader reader;
    private final JwtSigner signer;
    private final InputPreparer preparer;
    private final SigningMetrics metrics;

    public SignedJwtTaskHandler(JwtRequestReader reader, JwtSigner signer) {
        this(reader, signer, InputPreparer.NONE, SigningMetrics.NONE);
    }

    public SignedJwtTaskHandler(
            JwtRequestReader reader,
            JwtSigner signer,
            InputPreparer preparer,
            SigningMetrics metrics) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.preparer = Objects.requireNonNull(preparer, "preparer");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * @param taskId for log lines only
     * @param input the input the task received, secrets resolved
     * @param declaredInput the task's {@code inputParameters} as written in the workflow, or {@code
     *     null} when unknown; used to explain unresolved secrets
     */
    public TaskOutcome handle(String taskId, Map<String, ?> input, Map<String, ?> declaredInput) {
        long started = System.nanoTime();
        try {
            SecretReferences.check(input, declaredInput);
            SignedJwt jwt = signer.sign(reader.read(preparer.prepare(input)));
            metrics.signed(jwt.algorithm(), Duration.ofNanos(System.nanoTime() - started));
            LOG.debug(
                    "Task {}: signed a {} token",
                    taskId,
                    jwt.algorithm()); // kid is input: not logged
            return TaskOutcome.completed(output(jwt));
        } catch (InvalidJwtInputException e) {
            return refuse(taskId, e);
        } catch (Throwable e) {
            // Anything, an Error too, must end the task: one escaping start() leaves the task
            // IN_PROGRESS, and a worker's client would log the whole task input. The message
            // could quote the input; report and log only the type.
            String reason = "signing failed: " + e.getClass().getName();
            metrics.failed(e.getClass().getName());
            LOG.warn("Task {}: {}", taskId, reason);
            return TaskOutcome.failed(TaskOutcome.Status.FAILED, reason);
        }
    }

    /**
     * Ends a task on input no retry can fix, logged and counted like any refusal; also for an
     * adapter that refuses a task before it could be handled, e.g. the plugin's task mapper.
     */
    public TaskOutcome refuse(String taskId, InvalidJwtInputException refusal) {
        metrics.refused(
                refusal.violations().stream()
                        .map(InvalidJwtInputException.Violation::field)
                        .distinct()
                        .toList());
        LOG.info("Task {}: refused: {}", taskId, refusal.getMessage());
        return TaskOutcome.failed(
                TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR, refusal.getMessage());
    }

    private static Map<String, Object> output(SignedJwt jwt) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put(GetSignedJwt.OUTPUT_TOKEN, jwt.token());
        if (jwt.keyId() != null) {
            output.put(GetSignedJwt.OUTPUT_KEY_ID, jwt.keyId());
        }
        output.put(GetSignedJwt.OUTPUT_ALGORITHM, jwt.algorithm());
        output.put(GetSignedJwt.OUTPUT_ISSUED_AT, jwt.issuedAt().getEpochSecond());
        output.put(GetSignedJwt.OUTPUT_EXPIRES_AT, jwt.expiresAt().getEpochSecond());
        output.put(GetSignedJwt.OUTPUT_JTI, jwt.jti());
        return output;
    }
}
