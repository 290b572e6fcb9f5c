package io.github.conductorjwt.task;

import io.github.conductorjwt.core.InputLimits;
import io.github.conductorjwt.core.InvalidJwtInputException.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * A workflow task's {@code cacheConfig}, as Orkes documents it for GET_SIGNED_JWT and conductor-oss
 * stores it (its server reads it nowhere): reuse the output of an earlier signing under the same
 * evaluated {@code key} for {@code ttlInSecond}. Adapters copy the two values from their {@code
 * WorkflowTask}; {@link OutputCache} does the rest.
 *
 * @param key the key expression as written, e.g. {@code ${audience}} or {@code
 *     ${workflow.input.audience}}; evaluated by {@link CacheKeyExpression}
 * @param ttlInSecond how long an output may be reused, at most (the token's own lifetime also
 *     bounds it)
 */
public record CacheConfig(String key, int ttlInSecond) {

    /** The field every rule below names. */
    public static final String FIELD = "cacheConfig";

    /** The broken rules of this configuration; empty when it can be used. */
    List<Violation> violations() {
        List<Violation> broken = new ArrayList<>();
        if (key == null || key.isBlank()) {
            broken.add(new Violation(FIELD, "key is required (the value outputs are reused by)"));
        } else if (key.length() > InputLimits.MAX_CACHE_KEY_CHARS) {
            broken.add(
                    new Violation(
                            FIELD,
                            "key must be at most "
                                    + InputLimits.MAX_CACHE_KEY_CHARS
                                    + " characters, was "
                                    + key.length()));
        }
        if (ttlInSecond < 1) {
            broken.add(new Violation(FIELD, "ttlInSecond must be at least 1, was " + ttlInSecond));
        }
        return broken;
    }
}
