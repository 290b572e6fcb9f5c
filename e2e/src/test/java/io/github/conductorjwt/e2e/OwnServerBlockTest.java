package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "On your own server" and worker blocks, run as a user pastes them: bash, from a
 * folder that looks like the repository's root. Three changes only, each because the outer build or
 * the machine already has it: the build line is left out (this build just made the jars), and ports
 * 8080 and 8091 become free ones (the server reads {@code SERVER_PORT}, the worker {@code
 * CONDUCTOR_JWT_JWKS_ADDRESS}). The blocks verify their tokens with {@code openssl}.
 */
class OwnServerBlockTest {

    private static final Path REPO = Path.of(System.getProperty("conductorjwt.repo.dir"));
    private static final String BUILD_LINE = "mvn -B -q -DskipTests package";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(8);

    @TempDir Path root;
    private Process shell;

    /** The fenced block between {@code <!-- block:NAME -->} and {@code <!-- /block:NAME -->}. */
    static String block(String readme, String name) {
        Matcher matcher =
                Pattern.compile(
                                "<!-- block:"
                                        + name
                                        + " -->\\s*```bash\\n(.*?)```\\s*<!-- /block:"
                                        + name
                                        + " -->",
                                Pattern.DOTALL)
                        .matcher(readme);
        assertThat(matcher.find()).as("README block %s", name).isTrue();
        return matcher.group(1);
    }

    @BeforeEach
    void looksLikeTheRepository() throws IOException {
        for (String folder : List.of("plugin", "worker", "workflows", "scripts")) {
            Files.createSymbolicLink(root.resolve(folder), REPO.resolve(folder).toAbsolutePath());
        }
    }

    @Test
    void theReadmeBlocksGiveVerifiedTokensFromThePluginAndTheWorker() throws Exception {
        String readme = Files.readString(REPO.resolve("README.md"));
        String script = block(readme, "own-server") + block(readme, "worker");
        assertThat(script).contains(BUILD_LINE + "\n");
        int serverPort = ChildProcesses.freeLoopbackPort();
        int workerPort = ChildProcesses.freeLoopbackPort();
        script =
                "set -e\n"
                        + script.replace(BUILD_LINE + "\n", "")
                                .replace("localhost:8080", "localhost:" + serverPort)
                                .replace("localhost:8091", "localhost:" + workerPort);

        Path log = root.resolve("blocks.log");
        ProcessBuilder builder =
                new ProcessBuilder("bash", "-c", script)
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        builder.environment().put("SERVER_PORT", Integer.toString(serverPort));
        builder.environment().put("CONDUCTOR_JWT_JWKS_ADDRESS", "127.0.0.1:" + workerPort);
        shell = builder.start();
        boolean ended = shell.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        String output = Files.readString(log, StandardCharsets.UTF_8);

        assertThat(ended).as("blocks ended within %s; output:\n%s", RUN_TIMEOUT, output).isTrue();
        assertThat(shell.exitValue()).as("exit code; output:\n%s", output).isZero();
        assertThat(output)
                .as("both tokens verified by openssl")
                .containsOnlyOnce("\"sub\":\"me@example.com\"")
                .containsOnlyOnce("\"sub\":\"orders\"")
                .doesNotContain("Verification failure");
        assertThat(output.split("Verified OK", -1)).hasSize(3);
        assertThat(output).as("the worker's JWKS").contains("\"kid\":\"2026-12\"");
    }

    @AfterEach
    void stopWhatTheBlocksStarted() throws IOException {
        if (shell != null) {
            shell.descendants().forEach(ProcessHandle::destroy);
            shell.destroy();
        }
        for (String pidFile : List.of("try/worker.pid", "try/server.pid")) {
            Path file = root.resolve(pidFile);
            if (Files.exists(file)) {
                ProcessHandle.of(Long.parseLong(Files.readString(file).trim()))
                        .ifPresent(OwnServerBlockTest::stop);
            }
        }
    }

    private static void stop(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }
}
