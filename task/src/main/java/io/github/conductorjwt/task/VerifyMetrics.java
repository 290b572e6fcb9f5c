package io.github.conductorjwt.task;

import java.time.Duration;
import java.util.List;

/**
 * What the VERIFY_JWT handler reports for monitoring: results from a fixed set (valid or an error
 * code), field names and exception types only, never values.
 */
public interface VerifyMetrics {

    VerifyMetrics NONE =
            new VerifyMetrics() {
                @Override
                public void verified(String result, Duration took) {}

                @Override
                public void refused(List<String> fields) {}

                @Override
                public void failed(String exceptionType) {}
            };

    /**
     * A token was judged: {@code valid} or its error code; reading and verifying took {@code took}.
     */
    void verified(String result, Duration took);

    /** Input broke the rules of these fields; the task failed terminally. */
    void refused(List<String> fields);

    /** A fault of this type (or JWKS_UNAVAILABLE); the task failed and may be retried. */
    void failed(String exceptionType);
}
