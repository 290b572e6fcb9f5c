package io.github.conductorjwt.task;

import java.util.Optional;

/**
 * Answers the {@code ${...}} references of a {@code cacheConfig.key} that the task's own input
 * cannot: the plugin evaluates them against the workflow as Conductor does; the worker, which sees
 * only the task, keeps them as written ({@link #AS_WRITTEN}).
 */
@FunctionalInterface
public interface CacheKeyReferences {

    CacheKeyReferences AS_WRITTEN = reference -> Optional.empty();

    /**
     * @param reference the text between {@code ${} and {@code }}, e.g. {@code workflow.input.x}
     * @return its value, or empty to keep the reference as written
     */
    Optional<Object> resolve(String reference);
}
