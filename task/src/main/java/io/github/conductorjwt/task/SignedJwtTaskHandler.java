package io.github.conductorjwt.task;

import static io.github.conductorjwt.core.JwtInputNames.KEY_NAME;

import io.github.conductorjwt.core.BlankInputs;
import io.github.conductorjwt.core.HeldKeyUnavailableException;
import io.github.conductorjwt.core.HeldSigner;
import io.github.conductorjwt.core.InputLimits;
import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.core.JwtRequest;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.KeyException;
import io.github.conductorjwt.core.SignedJwt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final OutputCache outputs;
    private final java.util.function.Supplier<HeldSigners> heldSigners;

    public SignedJwtTaskHandler(JwtRequestReader reader, JwtSigner signer) {
        this(reader, signer, InputPreparer.NONE, SigningMetrics.NONE);
    }

    public SignedJwtTaskHandler(
            JwtRequestReader reader,
            JwtSigner signer,
            InputPreparer preparer,
            SigningMetrics metrics) {
        this(reader, signer, preparer, metrics, OutputCache.OFF);
    }

    /**
     * @param outputs where tasks that declare {@code cacheConfig} find and leave their outputs
     */
    public SignedJwtTaskHandler(
            JwtRequestReader reader,
            JwtSigner signer,
            InputPreparer preparer,
            SigningMetrics metrics,
            OutputCache outputs) {
        this(reader, signer, preparer, metrics, outputs, HeldSigners.NONE);
    }

    /**
     * @param heldSigners the keys a task may name with {@code keyName} that sign by themselves
     */
    public SignedJwtTaskHandler(
            JwtRequestReader reader,
            JwtSigner signer,
            InputPreparer preparer,
            SigningMetrics metrics,
            OutputCache outputs,
            HeldSigners heldSigners) {
        this(reader, signer, preparer, metrics, outputs, constant(heldSigners));
    }

    /**
     * @param heldSigners the keys that sign now, asked at each task (they rotate on the worker)
     */
    public SignedJwtTaskHandler(
            JwtRequestReader reader,
            JwtSigner signer,
            InputPreparer preparer,
            SigningMetrics metrics,
            OutputCache outputs,
            java.util.function.Supplier<HeldSigners> heldSigners) {
        this.heldSigners = Objects.requireNonNull(heldSigners, "heldSigners");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.preparer = Objects.requireNonNull(preparer, "preparer");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.outputs = Objects.requireNonNull(outputs, "outputs");
    }

    /**
     * @param taskId for log lines only
     * @param input the input the task received, secrets resolved
     * @param declaredInput the task's {@code inputParameters} as written in the workflow, or {@code
     *     null} when unknown; used to explain unresolved secrets
     */
    public TaskOutcome handle(String taskId, Map<String, ?> input, Map<String, ?> declaredInput) {
        return handle(taskId, input, declaredInput, null, CacheKeyReferences.AS_WRITTEN);
    }

    /**
     * As {@link #handle(String, Map, Map)}, for a task that may declare {@code cacheConfig}: its
     * output is then reused from an earlier signing under the same evaluated key and token shape
     * ({@link OutputCache}), marked {@value GetSignedJwt#OUTPUT_CACHED}.
     *
     * @param cacheConfig the workflow task's {@code cacheConfig}, or {@code null} for none
     * @param references answers key references the task's input cannot
     */
    public TaskOutcome handle(
            String taskId,
            Map<String, ?> input,
            Map<String, ?> declaredInput,
            CacheConfig cacheConfig,
            CacheKeyReferences references) {
        long started = System.nanoTime();
        try {
            SecretReferences.check(input, declaredInput);
            List<InvalidJwtInputException.Violation> cacheRules =
                    cacheConfig == null ? List.of() : cacheConfig.violations();
            HeldSigner held = heldSigners.get().find(input == null ? null : input.get(KEY_NAME));
            JwtRequest request = read(input, cacheRules, held);
            String cacheKey =
                    cacheConfig == null
                            ? null
                            : cacheKey(
                                    cacheConfig, input, declaredInput, references, request, held);
            if (cacheKey != null) {
                Map<String, Object> cached = outputs.find(cacheKey);
                metrics.outputCache(cached != null);
                if (cached != null) {
                    LOG.debug("Task {}: reused a cached output", taskId);
                    Map<String, Object> reused = new LinkedHashMap<>(cached);
                    reused.put(GetSignedJwt.OUTPUT_CACHED, true);
                    return TaskOutcome.completed(reused);
                }
            }
            SignedJwt jwt = held != null ? held.sign(request) : signer.sign(request);
            metrics.signed(jwt.algorithm(), Duration.ofNanos(System.nanoTime() - started));
            LOG.debug(
                    "Task {}: signed a {} token",
                    taskId,
                    jwt.algorithm()); // kid is input: not logged
            Map<String, Object> output = output(jwt);
            if (cacheKey != null) {
                outputs.put(cacheKey, jwt, output, Duration.ofSeconds(cacheConfig.ttlInSecond()));
            }
            return TaskOutcome.completed(output);
        } catch (InvalidJwtInputException e) {
            return refuse(taskId, e);
        } catch (HeldKeyUnavailableException e) {
            // A device or service fault: a retry may succeed. The reason names the key only.
            metrics.failed(e.getClass().getName());
            LOG.warn("Task {}: {}", taskId, e.getMessage());
            return TaskOutcome.failed(TaskOutcome.Status.FAILED, e.getMessage());
        } catch (KeyException e) {
            // JJWT refused a key the reader let through (see JwtSigner).
            return refuse(taskId, JwtRequestReader.refusal(e));
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
        metrics.refused(refusal.fields());
        LOG.info("Task {}: refused: {}", taskId, refusal.getMessage());
        return TaskOutcome.refused(refusal);
    }

    /**
     * The validated request; broken {@code cacheConfig} rules are reported with the input's, all at
     * once. Blank optional fields are dropped before the preparer, so it sees what the reader will.
     */
    private JwtRequest read(
            Map<String, ?> input,
            List<InvalidJwtInputException.Violation> cacheRules,
            HeldSigner held) {
        JwtRequest request;
        try {
            Map<String, ?> given = BlankInputs.withoutBlankOptionals(input);
            if (held != null) {
                Map<String, Object> withoutName = new HashMap<>(given);
                withoutName.remove(KEY_NAME);
                request = reader.read(withoutName, held);
            } else {
                request = reader.read(preparer.prepare(given));
            }
        } catch (InvalidJwtInputException e) {
            if (cacheRules.isEmpty()) {
                throw e;
            }
            List<InvalidJwtInputException.Violation> all = new ArrayList<>(e.violations());
            all.addAll(cacheRules);
            throw new InvalidJwtInputException(all);
        }
        if (!cacheRules.isEmpty()) {
            throw new InvalidJwtInputException(cacheRules);
        }
        return request;
    }

    private static String cacheKey(
            CacheConfig cacheConfig,
            Map<String, ?> input,
            Map<String, ?> declaredInput,
            CacheKeyReferences references,
            JwtRequest request,
            HeldSigner held) {
        String evaluated =
                CacheKeyExpression.evaluate(
                        cacheConfig.key(),
                        input == null ? Map.of() : input,
                        declaredInput,
                        references);
        if (evaluated.length() > InputLimits.MAX_CACHE_KEY_CHARS) {
            throw new InvalidJwtInputException(
                    CacheConfig.FIELD,
                    "key must evaluate to at most "
                            + InputLimits.MAX_CACHE_KEY_CHARS
                            + " characters, was "
                            + evaluated.length());
        }
        return OutputCacheKey.of(
                evaluated,
                request,
                held == null ? null : "held:" + held.name() + ":" + held.keyId());
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

    private static java.util.function.Supplier<HeldSigners> constant(HeldSigners heldSigners) {
        Objects.requireNonNull(heldSigners, "heldSigners");
        return () -> heldSigners;
    }
}
