package io.github.conductorjwt.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.conductorjwt.task.TokenReloader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health}, for a liveness probe: 200 while the poll loop runs and, when the worker
 * holds keys, each of their names has one that signs; 503 otherwise (stuck, draining after SIGTERM,
 * or no key). A failing reload (of the keys folder or the PKCS#11 token) or an unreachable server
 * is reported, not fatal: the keys loaded before still sign, and a restart would not bring the
 * server back.
 */
final class HealthEndpoint implements WorkerHttpServer.Resource {

    static final String PATH = "/health";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PollHeartbeat polls;
    private final KeySchedule keys;
    private final KeyReloader reloader;
    private final TokenReloader tokenReloader;

    /**
     * @param keys the schedule of held keys, or {@code null} when the worker holds none
     * @param reloader its reloader, or {@code null} likewise
     */
    HealthEndpoint(PollHeartbeat polls, KeySchedule keys, KeyReloader reloader) {
        this(polls, keys, reloader, null);
    }

    /**
     * @param tokenReloader the PKCS#11 token's, or {@code null} when the worker holds no token
     */
    HealthEndpoint(
            PollHeartbeat polls,
            KeySchedule keys,
            KeyReloader reloader,
            TokenReloader tokenReloader) {
        this.polls = polls;
        this.keys = keys;
        this.reloader = reloader;
        this.tokenReloader = tokenReloader;
    }

    @Override
    public WorkerHttpServer.Response get() {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean up = polls.polling();
        body.put("polling", up);
        body.put("secondsSinceLastPoll", polls.secondsSinceLastPoll());
        body.put("serverAnswered", polls.serverAnswered());
        if (keys != null) {
            KeySchedule.View view = keys.now();
            boolean signing = !view.signers().isEmpty();
            up &= signing;
            Map<String, Object> held = new LinkedHashMap<>();
            held.put("published", view.published().size());
            held.put("signing", view.signers().size());
            held.put("pending", view.pending());
            held.put("retiring", view.retiring());
            held.put("reload", reloader != null && reloader.failing() ? "failing" : "ok");
            body.put("keys", held);
        }
        if (tokenReloader != null) {
            // Reported, not fatal: the keys read before still sign.
            body.put("tokenKeysReload", tokenReloader.failing() ? "failing" : "ok");
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("status", up ? "UP" : "DOWN");
        document.putAll(body);
        try {
            return new WorkerHttpServer.Response(
                    up ? 200 : 503,
                    "application/json",
                    "no-store",
                    JSON.writeValueAsBytes(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
