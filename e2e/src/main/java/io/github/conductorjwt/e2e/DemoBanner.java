package io.github.conductorjwt.e2e;

/**
 * The demo's first line, printed before Maven builds anything (-Pdemo runs it in the root project's
 * validate phase): under -q Maven itself says nothing for minutes. Runs as a single source file
 * ({@code java DemoBanner.java}), so it may use nothing but the JDK.
 */
public final class DemoBanner {

    private DemoBanner() {}

    public static void main(String[] args) {
        System.out.println(
                """
                conductor-jwt demo
                Building the plugin and the worker, and fetching the stock Conductor server jar from \
                Maven Central:
                1-3 minutes on a first build, during which Maven prints nothing (-q).""");
    }
}
