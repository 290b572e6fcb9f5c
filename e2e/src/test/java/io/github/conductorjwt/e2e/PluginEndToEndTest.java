package io.github.conductorjwt.e2e;

import java.nio.file.Path;
import java.util.Map;

/**
 * The contract on the stock Conductor OSS server with our plugin jar on its loader.path, the
 * docker-compose.yml topology: the plugin signs tasks that carry their key, and hands those that
 * name a held key to the worker.
 */
class PluginEndToEndTest extends GetSignedJwtContract {

    @Override
    protected Conductor startConductor(Map<String, String> serverEnvironment) {
        ConductorServer server =
                ConductorServer.start(
                        Path.of(System.getProperty("conductorjwt.server.jar")),
                        Path.of(System.getProperty("conductorjwt.plugin.dir")),
                        serverEnvironment);
        System.out.printf("Conductor server with plugin healthy after %s%n", server.startTime());
        return ServerOnly.start(server);
    }
}
