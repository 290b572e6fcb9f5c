package io.github.conductorjwt.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** What the server and the worker launchers share: a JVM child that never outlives its parent. */
final class ChildProcesses {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private ChildProcesses() {}

    /** The java of the JDK running this code (the build's JDK 21+ toolchain). */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A free port on the loopback interface, for a child to listen on. */
    static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the child if this JVM exits first; hand the hook to {@link #stop}. */
    static Thread reapOnExit(Process process, String name) {
        Thread reaper = new Thread(process::destroyForcibly, name + "-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        return reaper;
    }

    /** SIGSTOP: the child halts where it is until {@link #resume}. */
    static void pause(Process process) {
        signal(process, "STOP");
    }

    /** SIGCONT, after {@link #pause}. */
    static void resume(Process process) {
        signal(process, "CONT");
    }

    private static void signal(Process process, String name) {
        try {
            Process kill =
                    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                            .inheritIO()
                            .start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, as an operator would stop it, then SIGKILL if it does not end in time. */
    static void stop(Process process, Thread reaper) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Already shutting down, or already removed.
        }
    }
}
