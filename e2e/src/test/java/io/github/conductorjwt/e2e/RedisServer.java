package io.github.conductorjwt.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real Redis ({@code redis-server} from the PATH, Debian's package) as a child process: a free
 * loopback port, a temporary directory for its files, nothing persisted, stopped and removed on
 * {@link #close()}.
 */
final class RedisServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String EXECUTABLE = "redis-server";

    private final Process process;
    private final Thread reaper;
    private final Path dir;
    private final int port;

    private RedisServer(Process process, Thread reaper, Path dir, int port) {
        this.process = process;
        this.reaper = reaper;
        this.dir = dir;
        this.port = port;
    }

    /** Whether {@code redis-server} is on the PATH. */
    static boolean onPath() {
        String path = System.getenv("PATH");
        return path != null
                && List.of(path.split(java.io.File.pathSeparator)).stream()
                        .anyMatch(entry -> Files.isExecutable(Path.of(entry, EXECUTABLE)));
    }

    /** Starts Redis and waits until it answers PING. */
    static RedisServer start() {
        try {
            Path dir = Files.createTempDirectory("redis-");
            int port = ChildProcesses.freeLoopbackPort();
            Process process =
                    new ProcessBuilder(
                                    EXECUTABLE,
                                    "--port",
                                    Integer.toString(port),
                                    "--bind",
                                    "127.0.0.1",
                                    "--dir",
                                    dir.toString(),
                                    "--save",
                                    "",
                                    "--appendonly",
                                    "no",
                                    "--daemonize",
                                    "no")
                            .directory(dir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(dir.resolve("redis.log").toFile())
                            .start();
            Thread reaper = ChildProcesses.reapOnExit(process, "redis-server");
            RedisServer redis = new RedisServer(process, reaper, dir, port);
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (!redis.answersPing()) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    String log = redis.log();
                    redis.close();
                    throw new IllegalStateException("redis-server did not start; log:\n" + log);
                }
                Thread.sleep(100);
            }
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return port;
    }

    private boolean answersPing() {
        try {
            return command("PING").equals("+PONG");
        } catch (UncheckedIOException e) {
            return false; // not listening yet
        }
    }

    /** How many keys contain {@code text}: {@code KEYS}, fine on a test's small database. */
    long keysContaining(String text) {
        String reply = command("KEYS *" + text + "*"); // "*<count>", then the keys
        return Long.parseLong(reply.substring(1));
    }

    /** One command in Redis's inline protocol; the first line of its reply. */
    private String command(String command) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != -1 && b != '\r'; b = in.read()) {
                line.append((char) b);
            }
            return line.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String log() {
        try {
            return Files.readString(dir.resolve("redis.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, reaper);
        HeldKeyDir.deleteRecursively(dir);
    }
}
