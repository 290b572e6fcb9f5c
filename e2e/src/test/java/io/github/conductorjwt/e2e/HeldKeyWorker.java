package io.github.conductorjwt.e2e;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The worker jar against a given server, holding two keys named {@code orders-api} (a rotation
 * done: both in place for a day, both published, the later kid signs), its JWKS endpoint on a free
 * loopback port.
 */
record HeldKeyWorker(HeldKeyDir keys, WorkerProcess process, URI jwksUrl) implements AutoCloseable {

    static final String KEY_NAME = "orders-api";
    static final String OLD_KID = "2026-10-01";
    static final String ACTIVE_KID = "2026-11-01";
    static final DemoKey OLD_KEY = DemoKey.rsa(2048);
    static final DemoKey ACTIVE_KEY = DemoKey.rsa(2048);

    static HeldKeyWorker start(URI serverBaseUri) {
        HeldKeyDir keys =
                HeldKeyDir.create()
                        .add(KEY_NAME, OLD_KID, OLD_KEY)
                        .add(KEY_NAME, ACTIVE_KID, ACTIVE_KEY)
                        .writtenAgo(Duration.ofDays(1));
        int jwksPort = ChildProcesses.freeLoopbackPort();
        try {
            WorkerProcess process =
                    EndToEnd.startWorker(
                            serverBaseUri,
                            Map.of(
                                    "CONDUCTOR_JWT_KEYS_DIR",
                                    keys.path().toString(),
                                    "CONDUCTOR_JWT_JWKS_ADDRESS",
                                    "127.0.0.1:" + jwksPort,
                                    "CONDUCTOR_JWT_VERIFY_JWKS_ALLOWED_HOSTS",
                                    VerifyJwtContract.ALLOWED_HOSTS));
            return new HeldKeyWorker(
                    keys,
                    process,
                    URI.create("http://127.0.0.1:" + jwksPort + "/.well-known/jwks.json"));
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        }
    }

    String log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
        keys.close();
    }
}
