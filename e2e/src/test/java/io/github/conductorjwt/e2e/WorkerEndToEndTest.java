package io.github.conductorjwt.e2e;

import java.util.Map;

/**
 * The contract on an unchanged stock server (no plugin): the external worker receives every
 * GET_SIGNED_JWT task, secrets resolved by the server when it hands the task out.
 */
class WorkerEndToEndTest extends GetSignedJwtContract {

    @Override
    protected Conductor startConductor(Map<String, String> serverEnvironment) {
        return ServerOnly.start(EndToEnd.server(serverEnvironment));
    }
}
