package io.github.conductorjwt.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stock Conductor OSS server jar run as a child process: a free loopback port, a throw-away
 * SQLite file, optional plugin jars on its {@code loader.path}, and environment variables such as
 * {@code CONDUCTOR_SECRET_*}. Everything it writes lives in one temporary directory, removed on
 * {@link #close()}. It runs with the {@link #DOCUMENTED_SETTINGS} unless told otherwise.
 */
public final class ConductorServer implements AutoCloseable {

    /** Healthy in 12-17 s on an idle 2-core machine; over 5 min seen under a load average of 25. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(8);

    private static final String DATASOURCE_URL = "--spring.datasource.url=";

    /** The boot jar's launcher, the one that honours {@code loader.path}. */
    public static final String LAUNCHER =
            "org.springframework.boot.loader.launch.PropertiesLauncher";

    /**
     * What every server we start, document or ship (README, docker-compose.yml) runs with. Stock
     * 3.32.x sets {@code conductor.integrations.ai.enabled=true}, which registers the controller
     * behind {@code GET /api/secrets/{name}}: the whole secret, key included, to anyone who asks.
     * That property is the only one that controller is conditional on.
     */
    public static final List<String> DOCUMENTED_SETTINGS =
            List.of("--conductor.integrations.ai.enabled=false");

    private final Process process;
    private final URI baseUri;
    private final Path workDir;
    private final Path logFile;
    private final Duration startTime;
    private final Thread reaper;

    private ConductorServer(
            Process process,
            URI baseUri,
            Path workDir,
            Path logFile,
            Duration startTime,
            Thread reaper) {
        this.process = process;
        this.baseUri = baseUri;
        this.workDir = workDir;
        this.logFile = logFile;
        this.startTime = startTime;
        this.reaper = reaper;
    }

    /**
     * Starts the server and waits until it reports healthy.
     *
     * @param serverJar the conductor-server boot jar
     * @param pluginDir a directory of jars for {@code loader.path}, or {@code null} for none
     * @param environment extra environment variables for the server
     */
    public static ConductorServer start(
            Path serverJar, Path pluginDir, Map<String, String> environment) {
        return start(serverJar, pluginDir, environment, DOCUMENTED_SETTINGS);
    }

    /**
     * Starts the server with {@code settings} (Spring Boot {@code --name=value} arguments) in place
     * of the {@link #DOCUMENTED_SETTINGS}; {@code List.of()} runs it as it ships. Settings that
     * name a {@code spring.datasource.url} replace the throw-away SQLite file (see {@link
     * PostgresSettings}).
     */
    public static ConductorServer start(
            Path serverJar,
            Path pluginDir,
            Map<String, String> environment,
            List<String> settings) {
        return start(serverJar, pluginDir, environment, settings, null, LAUNCHER);
    }

    /**
     * As {@link #start(Path, Path, Map, List)}, with {@code classes} on the class path after the
     * server jar and {@code mainClass} run in place of the {@link #LAUNCHER}, to which it must hand
     * over: a test's way to install something first, such as a JCA provider.
     */
    public static ConductorServer start(
            Path serverJar,
            Path pluginDir,
            Map<String, String> environment,
            List<String> settings,
            Path classes,
            String mainClass) {
        if (!Files.isRegularFile(serverJar)) {
            throw new IllegalArgumentException("no server jar at " + serverJar);
        }
        try {
            Path workDir = Files.createTempDirectory("conductor-server-");
            Path logFile = workDir.resolve("server.log");
            int port = ChildProcesses.freeLoopbackPort();
            List<String> command = new ArrayList<>();
            command.add(ChildProcesses.java());
            if (pluginDir != null) {
                // PropertiesLauncher honours loader.path; java -jar (JarLauncher) would not.
                command.add("-Dloader.path=" + pluginDir.toAbsolutePath());
            }
            command.addAll(
                    List.of(
                            "-cp",
                            classes == null
                                    ? serverJar.toAbsolutePath().toString()
                                    : serverJar.toAbsolutePath()
                                            + java.io.File.pathSeparator
                                            + classes.toAbsolutePath(),
                            mainClass,
                            "--server.port=" + port,
                            "--server.address=127.0.0.1"));
            if (settings.stream().noneMatch(setting -> setting.startsWith(DATASOURCE_URL))) {
                command.add(
                        DATASOURCE_URL
                                + "jdbc:sqlite:"
                                + workDir.resolve("conductor.db")
                                + "?busy_timeout=15000&journal_mode=WAL");
            }
            command.addAll(settings);
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .directory(workDir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(logFile.toFile());
            builder.environment().putAll(environment);

            Instant started = Instant.now();
            Process process = builder.start();
            // Never leave a server behind, even when the JVM that started it dies early.
            Thread reaper = ChildProcesses.reapOnExit(process, "conductor-server");
            URI baseUri = URI.create("http://127.0.0.1:" + port);
            try {
                awaitHealthy(process, baseUri, logFile);
            } catch (RuntimeException e) {
                stop(process, reaper, workDir);
                throw e;
            }
            return new ConductorServer(
                    process,
                    baseUri,
                    workDir,
                    logFile,
                    Duration.between(started, Instant.now()),
                    reaper);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CPU time the server process has used so far, all threads: for cost per workflow. */
    public Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    public URI baseUri() {
        return baseUri;
    }

    /** How long the server took from process start to healthy. */
    public Duration startTime() {
        return startTime;
    }

    /** Everything the server has written to stdout and stderr so far. */
    public String log() {
        return read(logFile);
    }

    private static String read(Path logFile) {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitHealthy(Process process, URI baseUri, Path logFile) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health =
                HttpRequest.newBuilder(baseUri.resolve("/health"))
                        .timeout(Duration.ofSeconds(5))
                        .build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Conductor server exited with "
                                + process.exitValue()
                                + "; log:\n"
                                + tail(logFile));
            }
            try {
                HttpResponse<String> response =
                        http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"healthy\":true")) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the server", e);
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException(
                "Conductor server not healthy after " + START_TIMEOUT + "; log:\n" + tail(logFile));
    }

    private static String tail(Path logFile) {
        String log = read(logFile);
        return log.substring(Math.max(0, log.length() - 4000));
    }

    /**
     * Ends the server with SIGKILL, as a crashed machine would: no shutdown hook runs, no lock is
     * released, whatever it was doing stops mid-way. Its log stays readable until {@link #close()}.
     */
    public void kill() {
        try {
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * SIGSTOP: the node halts where it is (its sweeper and system-task workers included) until
     * {@link #resume()}, so that another node of a cluster takes the work meanwhile.
     */
    public void pause() {
        ChildProcesses.pause(process);
    }

    /** SIGCONT, after {@link #pause()}. */
    public void resume() {
        ChildProcesses.resume(process);
    }

    @Override
    public void close() {
        stop(process, reaper, workDir);
    }

    private static void stop(Process process, Thread reaper, Path workDir) {
        ChildProcesses.stop(process, reaper);
        HeldKeyDir.deleteRecursively(workDir);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
