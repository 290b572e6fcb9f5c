package io.github.conductorjwt.e2e;

import java.net.URI;
import java.util.List;

/** A {@link GetSignedJwtContract.Conductor} that is one server process. */
final class ServerOnly implements GetSignedJwtContract.Conductor {

    private final ConductorServer server;
    private final ConductorApi api;

    private ServerOnly(ConductorServer server) {
        this.server = server;
        this.api = new ConductorApi(server.baseUri());
    }

    static ServerOnly start(ConductorServer server) {
        return new ServerOnly(server);
    }

    @Override
    public ConductorApi api() {
        return api;
    }

    @Override
    public List<ConductorApi> nodes() {
        return List.of(api);
    }

    @Override
    public URI baseUri() {
        return server.baseUri();
    }

    @Override
    public String log() {
        return server.log();
    }

    @Override
    public void close() {
        server.close();
    }
}
