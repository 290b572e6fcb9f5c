package io.github.conductorjwt.task;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates a {@code cacheConfig.key}. Conductor OSS does not evaluate it, so we do, in this order:
 *
 * <ol>
 *   <li>{@code ${name}} where {@code name} is one of the task's inputs: that input's value. Orkes
 *       documents keys built this way ({@code ${uri}-${method}});
 *   <li>a reference that one of the task's {@code inputParameters} holds whole, e.g. {@code
 *       ${workflow.input.audience}} when {@code "audience": "${workflow.input.audience}"}: the
 *       value that input received, which Conductor evaluated already;
 *   <li>anything else: what the adapter's {@link CacheKeyReferences} answers, else as written.
 * </ol>
 *
 * The result is only ever hashed ({@link OutputCacheKey}); it may hold a secret's value.
 */
final class CacheKeyExpression {

    private CacheKeyExpression() {}

    /**
     * @param input the task's input as it received it
     * @param declaredInput the task's {@code inputParameters} as written, or {@code null}
     */
    static String evaluate(
            String expression,
            Map<String, ?> input,
            Map<String, ?> declaredInput,
            CacheKeyReferences others) {
        Map<String, String> inputByExpression = new HashMap<>();
        if (declaredInput != null) {
            declaredInput.forEach(
                    (name, declared) -> {
                        if (declared instanceof String text && input.containsKey(name)) {
                            inputByExpression.putIfAbsent(text.strip(), name);
                        }
                    });
        }
        StringBuilder evaluated = new StringBuilder();
        int at = 0;
        while (at < expression.length()) {
            int start = expression.indexOf("${", at);
            int end = start < 0 ? -1 : expression.indexOf('}', start + 2);
            if (end < 0) {
                evaluated.append(expression, at, expression.length());
                break;
            }
            evaluated.append(expression, at, start);
            String written = expression.substring(start, end + 1);
            String reference = written.substring(2, written.length() - 1).strip();
            if (input.containsKey(reference)) {
                evaluated.append(text(input.get(reference)));
            } else if (inputByExpression.containsKey(written)) {
                evaluated.append(text(input.get(inputByExpression.get(written))));
            } else {
                evaluated.append(
                        others.resolve(reference).map(CacheKeyExpression::text).orElse(written));
            }
            at = end + 1;
        }
        return evaluated.toString();
    }

    /** Lists and objects as canonical JSON, so equal values give equal keys. */
    private static String text(Object value) {
        if (value instanceof Map<?, ?> || value instanceof Iterable<?>) {
            return OutputCacheKey.canonicalJson(value);
        }
        return Objects.toString(value, "");
    }
}
