package io.github.conductorjwt.e2e;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the processes of a load run have used so far: the servers' CPU time, the worker's (zero
 * where none runs) and the requests the server answered by kind (empty where not counted). Read
 * before and after a round, the difference is what the round cost.
 */
record Costs(Duration serverCpu, Duration workerCpu, Map<RequestLog.Kind, Long> requests) {

    static Costs ofServer(Duration serverCpu) {
        return new Costs(serverCpu, Duration.ZERO, Map.of());
    }

    Costs minus(Costs before) {
        Map<RequestLog.Kind, Long> requests = new EnumMap<>(RequestLog.Kind.class);
        this.requests.forEach(
                (kind, count) ->
                        requests.put(kind, count - before.requests.getOrDefault(kind, 0L)));
        return new Costs(
                serverCpu.minus(before.serverCpu), workerCpu.minus(before.workerCpu), requests);
    }
}
