package io.github.conductorjwt.task;

import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.core.JwksUnavailableException;
import io.github.conductorjwt.core.JwtVerifier;
import io.github.conductorjwt.core.Verification;
import io.github.conductorjwt.core.VerifyErrorCode;
import io.github.conductorjwt.core.VerifyRequest;
import io.github.conductorjwt.core.VerifyRequestReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one VERIFY_JWT task: the one place that turns its input into outputs and a verdict into a
 * task status. Bad input (no key, two keys, a malformed key) is terminal, naming the field; an
 * invalid token is terminal with its code first in the reason, or with {@code failOnInvalid: false}
 * completes with {@code valid: false}; a JWK Set that cannot be fetched is retryable.
 */
public final class VerifyJwtTaskHandler {

    private static final Logger LOG = LoggerFactory.getLogger(VerifyJwtTaskHandler.class);

    private final VerifyRequestReader reader;
    private final JwtVerifier verifier;
    private final InputPreparer preparer;
    private final VerifyMetrics metrics;

    public VerifyJwtTaskHandler(VerifyRequestReader reader, JwtVerifier verifier) {
        this(reader, verifier, InputPreparer.NONE, VerifyMetrics.NONE);
    }

    /**
     * @param preparer e.g. the worker swapping a {@code keyName} for the keys it holds
     */
    public VerifyJwtTaskHandler(
            VerifyRequestReader reader,
            JwtVerifier verifier,
            InputPreparer preparer,
            VerifyMetrics metrics) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.preparer = Objects.requireNonNull(preparer, "preparer");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * @param taskId for log lines only
     * @param input the input the task received, secrets resolved
     * @param declaredInput the task's {@code inputParameters} as written, or {@code null}; used to
     *     explain unresolved secrets
     */
    public TaskOutcome handle(String taskId, Map<String, ?> input, Map<String, ?> declaredInput) {
        long started = System.nanoTime();
        try {
            SecretReferences.check(input, declaredInput);
            VerifyRequest request = reader.read(preparer.prepare(input == null ? Map.of() : input));
            Verification verification = verifier.verify(request);
            String result = verification.valid() ? "valid" : verification.error().name();
            metrics.verified(result, Duration.ofNanos(System.nanoTime() - started));
            LOG.debug("Task {}: {}", taskId, result);
            return outcome(verification, request.failOnInvalid());
        } catch (InvalidJwtInputException e) {
            return refuse(taskId, e);
        } catch (JwksUnavailableException e) {
            String code = VerifyErrorCode.JWKS_UNAVAILABLE.name();
            metrics.failed(code);
            LOG.warn("Task {}: {}: {}", taskId, code, e.getMessage());
            return TaskOutcome.failed(
                    TaskOutcome.Status.FAILED,
                    code + ": " + e.getMessage(),
                    Map.of(VerifyJwt.OUTPUT_VALID, false, VerifyJwt.OUTPUT_ERROR_CODE, code));
        } catch (Throwable e) {
            // Anything, an Error too, must end the task (see SignedJwtTaskHandler): type only.
            String reason = "verifying failed: " + e.getClass().getName();
            metrics.failed(e.getClass().getName());
            LOG.warn("Task {}: {}", taskId, reason);
            return TaskOutcome.failed(TaskOutcome.Status.FAILED, reason);
        }
    }

    /** Ends a task on input no retry can fix; also for an adapter that refuses before handling. */
    public TaskOutcome refuse(String taskId, InvalidJwtInputException refusal) {
        metrics.refused(refusal.fields());
        LOG.info("Task {}: refused: {}", taskId, refusal.getMessage());
        return TaskOutcome.refused(refusal);
    }

    private static TaskOutcome outcome(Verification verification, boolean failOnInvalid) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put(VerifyJwt.OUTPUT_VALID, verification.valid());
        if (verification.valid()) {
            output.put(VerifyJwt.OUTPUT_HEADER, verification.header());
            output.put(VerifyJwt.OUTPUT_CLAIMS, verification.claims());
            if (verification.keyId() != null) {
                output.put(VerifyJwt.OUTPUT_KEY_ID, verification.keyId());
            }
            output.put(VerifyJwt.OUTPUT_ALGORITHM, verification.algorithm().name());
            if (verification.expiresAt() != null) {
                output.put(VerifyJwt.OUTPUT_EXPIRES_AT, verification.expiresAt().getEpochSecond());
            }
            return TaskOutcome.completed(output);
        }
        output.put(VerifyJwt.OUTPUT_ERROR_CODE, verification.error().name());
        output.put(VerifyJwt.OUTPUT_REASON, verification.reason());
        if (failOnInvalid) {
            return TaskOutcome.failed(
                    TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR,
                    verification.error().name() + ": " + verification.reason(),
                    output);
        }
        return TaskOutcome.completed(output);
    }
}
