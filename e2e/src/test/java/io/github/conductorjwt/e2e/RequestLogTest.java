package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.conductorjwt.e2e.RequestLog.Kind;
import org.junit.jupiter.api.Test;

/** The load run's request counts: access-log lines (pattern {@code %m %U %s %b}) by kind. */
class RequestLogTest {

    @Test
    void tellsTheWorkersPollsAndUpdatesFromTheLoadRunsOwnRequests() {
        assertThat(RequestLog.kind("POST /api/workflow/get_signed_jwt 200 36"))
                .isEqualTo(Kind.START);
        assertThat(RequestLog.kind("GET /api/workflow/4f1c0e2a-1b7d-4c55-9d0e-2a6f 200 1843"))
                .isEqualTo(Kind.STATUS);
        assertThat(RequestLog.kind("GET /api/workflow/running/get_signed_jwt 200 80"))
                .isEqualTo(Kind.RUNNING);
        assertThat(RequestLog.kind("GET /api/tasks/poll/batch/GET_SIGNED_JWT_HELD_KEY 200 12"))
                .isEqualTo(Kind.EMPTY_POLL);
        assertThat(RequestLog.kind("GET /api/tasks/poll/batch/GET_SIGNED_JWT_HELD_KEY 200 2210"))
                .isEqualTo(Kind.POLL);
        assertThat(RequestLog.kind("POST /api/tasks 200 36")).isEqualTo(Kind.UPDATE);
    }

    @Test
    void countsEverythingElseApart() {
        assertThat(RequestLog.kind("GET /health 200 -")).isEqualTo(Kind.OTHER);
        assertThat(RequestLog.kind("PUT /api/metadata/workflow 200 -")).isEqualTo(Kind.OTHER);
        assertThat(RequestLog.kind("POST /api/workflow/4f1c0e2a/retry 204 -"))
                .isEqualTo(Kind.OTHER);
        assertThat(RequestLog.kind("")).isEqualTo(Kind.OTHER);
    }
}
