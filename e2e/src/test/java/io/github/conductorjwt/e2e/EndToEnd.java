package io.github.conductorjwt.e2e;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * How the end-to-end tests start what they run: this build's server and worker jars, the stock
 * server with {@code workflows/} registered, and the worker against it with the settings every test
 * shares.
 */
final class EndToEnd {

    /** The Conductor secret the example workflows read their key from. */
    static final String KEY_SECRET = "CONDUCTOR_SECRET_jwt-privatekey";

    private EndToEnd() {}

    /** The stock server without the plugin, {@code key} as its secret {@code jwt-privatekey}. */
    static ConductorServer serverSigningWith(DemoKey key) {
        return server(Map.of(KEY_SECRET, key.privateKeyPem()));
    }

    /** The stock server without the plugin. */
    static ConductorServer server(Map<String, String> environment) {
        return ConductorServer.start(
                Path.of(System.getProperty("conductorjwt.server.jar")), null, environment);
    }

    /** {@code workflows/} as this checkout has them. */
    static WorkflowFiles workflows() {
        return new WorkflowFiles(Path.of(System.getProperty("conductorjwt.workflows.dir")));
    }

    /** The server's API, every definition in {@code workflows/} registered with it. */
    static ConductorApi registered(ConductorServer server) {
        ConductorApi api = new ConductorApi(server.baseUri());
        workflows().registerWith(api);
        return api;
    }

    static Path workerJar() {
        return Path.of(System.getProperty("conductorjwt.worker.jar"));
    }

    /**
     * The worker's environment against {@code serverBaseUri}: polls every 50 ms, no JWKS endpoint;
     * {@code settings} add to it or override it.
     */
    static Map<String, String> workerEnvironment(URI serverBaseUri, Map<String, String> settings) {
        Map<String, String> environment = new HashMap<>();
        environment.put("CONDUCTOR_SERVER_URL", serverBaseUri + "/api");
        environment.put("CONDUCTOR_JWT_JWKS_ADDRESS", "off");
        environment.put("CONDUCTOR_JWT_WORKER_POLL_INTERVAL_MS", "50");
        environment.putAll(settings);
        return environment;
    }

    /** The worker jar against {@code serverBaseUri}, once it polls. */
    static WorkerProcess startWorker(URI serverBaseUri, Map<String, String> settings) {
        return WorkerProcess.start(workerJar(), workerEnvironment(serverBaseUri, settings));
    }

    /**
     * The worker jar run by {@code mainClass}, a test class that puts something in place (e.g. a
     * JCA provider) before the worker's own main.
     */
    static WorkerProcess startWorker(
            Class<?> mainClass, URI serverBaseUri, Map<String, String> settings) {
        return WorkerProcess.start(
                workerJar(),
                classesOf(mainClass),
                mainClass.getName(),
                workerEnvironment(serverBaseUri, settings));
    }

    /** Where {@code type} was loaded from: a test class to put on a child process's class path. */
    static Path classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
