package io.github.conductorjwt.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The conductor-jwt worker jar run as a child process, its output in a log file. */
public final class WorkerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(1);
    private static final String READY = "Polling ";

    private final Process process;
    private final Path logFile;
    private final Thread reaper;

    private WorkerProcess(Process process, Path logFile, Thread reaper) {
        this.process = process;
        this.logFile = logFile;
        this.reaper = reaper;
    }

    /** Starts the worker jar and waits until it polls. */
    public static WorkerProcess start(Path workerJar, Map<String, String> environment) {
        return start(workerJar, List.of(), environment);
    }

    /**
     * Starts the worker jar with these JVM options (a profiler's, say) and waits until it polls.
     */
    public static WorkerProcess start(
            Path workerJar, List<String> jvmOptions, Map<String, String> environment) {
        List<String> arguments = new ArrayList<>(jvmOptions);
        arguments.addAll(List.of("-jar", workerJar.toAbsolutePath().toString()));
        return start(arguments, environment);
    }

    /**
     * Starts {@code mainClass} with the worker jar and {@code extraClasspath} on the class path,
     * and waits until it polls: the real worker, with something a test puts in place before it
     * runs.
     */
    public static WorkerProcess start(
            Path workerJar,
            Path extraClasspath,
            String mainClass,
            Map<String, String> environment) {
        return start(
                List.of(
                        "-cp",
                        workerJar.toAbsolutePath()
                                + java.io.File.pathSeparator
                                + extraClasspath.toAbsolutePath(),
                        mainClass),
                environment);
    }

    private static WorkerProcess start(
            List<String> javaArguments, Map<String, String> environment) {
        try {
            Path logFile = Files.createTempFile("conductor-jwt-worker-", ".log");
            List<String> command = new ArrayList<>();
            command.add(ChildProcesses.java());
            command.addAll(javaArguments);
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(logFile.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            Thread reaper = ChildProcesses.reapOnExit(process, "conductor-jwt-worker");
            WorkerProcess worker = new WorkerProcess(process, logFile, reaper);
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (!worker.log().contains(READY)) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    String log = worker.log();
                    worker.close();
                    throw new IllegalStateException("worker did not start; log:\n" + log);
                }
                Thread.sleep(100);
            }
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** CPU time the worker process has used so far, all threads (/proc/pid/stat on Linux). */
    public Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** CPU time the worker process has used so far by kind of thread (see {@link ThreadCpu}). */
    public Map<String, Duration> cpuByThread() {
        return ThreadCpu.of(process.pid());
    }

    /**
     * SIGSTOP: the worker halts where it is and sends nothing until {@link #resume()}; a load run
     * measures the plugin path between the worker's rounds with it paused, as a server without the
     * worker would run.
     */
    public void pause() {
        ChildProcesses.pause(process);
    }

    /** SIGCONT, after {@link #pause()}. */
    public void resume() {
        ChildProcesses.resume(process);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SIGTERM, as an operator or Docker stops it, and waits for it to exit; the log stays readable.
     */
    public void terminate() {
        ChildProcesses.stop(process, reaper);
    }

    /** SIGKILL, as a crash or an out-of-memory killer ends it; the log stays readable. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops it as an operator would (SIGTERM), so it drains, and deletes its log. */
    @Override
    public void close() {
        ChildProcesses.stop(process, reaper);
        try {
            Files.deleteIfExists(logFile);
        } catch (IOException e) {
            // Best effort: a temporary file.
        }
    }
}
