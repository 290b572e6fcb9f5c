package io.github.conductorjwt.task;

import java.time.Duration;
import java.util.List;

/**
 * What the handler reports for monitoring: algorithm names, field names and exception types only,
 * never values, so no key material can reach a metrics backend.
 */
public interface SigningMetrics {

    SigningMetrics NONE =
            new SigningMetrics() {
                @Override
                public void signed(String algorithm, Duration took) {}

                @Override
                public void refused(List<String> fields) {}

                @Override
                public void failed(String exceptionType) {}
            };

    /** A token was signed with {@code algorithm}; reading and signing took {@code took}. */
    void signed(String algorithm, Duration took);

    /** Input broke the rules of these fields; the task failed terminally. */
    void refused(List<String> fields);

    /** An unexpected fault of this type; the task failed and may be retried. */
    void failed(String exceptionType);

    /**
     * A task declaring {@code cacheConfig} found its output cached ({@code hit}) or signed anew.
     */
    default void outputCache(boolean hit) {}
}
