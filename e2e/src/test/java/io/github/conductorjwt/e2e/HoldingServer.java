package io.github.conductorjwt.e2e;

import java.security.Security;

/**
 * The stock server with {@link HoldingSignatureProvider} put first: every RS256 signature on that
 * node holds until the process ends, so a kill lands inside a signing step, mid-decide, with the
 * workflow's lock held. Nothing else differs: the server jar, its launcher, the plugin.
 */
public final class HoldingServer {

    private HoldingServer() {}

    public static void main(String[] args) throws Exception {
        Security.insertProviderAt(new HoldingSignatureProvider(), 1);
        Class.forName(ConductorServer.LAUNCHER)
                .getMethod("main", String[].class)
                .invoke(null, (Object) args);
    }
}
