package io.github.conductorjwt.worker;

import io.github.conductorjwt.core.HostileInput;
import io.github.conductorjwt.core.HostileInput.Category;
import io.github.conductorjwt.core.HostileInputAssertions;
import io.github.conductorjwt.core.HostileInputs;
import io.github.conductorjwt.core.HostileKeys;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.task.SignedJwtTaskHandler;
import io.github.conductorjwt.task.SigningMetrics;
import io.github.conductorjwt.task.TaskOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus's {@code keyName} cases through the task contract of a worker that holds {@value
 * HostileInputs#HELD_KEY_NAME}, as the worker runs them.
 */
class HeldKeyCorpusTest {

    @TempDir static Path keysDir;

    private static SignedJwtTaskHandler handler;

    @BeforeAll
    static void holdTheKey() throws IOException {
        Path name = Files.createDirectories(keysDir.resolve(HostileInputs.HELD_KEY_NAME));
        Files.writeString(name.resolve("2026-11-01.pem"), HostileKeys.goodPem());
        handler =
                new SignedJwtTaskHandler(
                        new JwtRequestReader(SigningPolicy.defaults()),
                        new JwtSigner(),
                        HeldKeys.load(keysDir, SigningPolicy.defaults().defaultAlgorithm()),
                        SigningMetrics.NONE);
    }

    static Stream<HostileInput> keyNameCases() {
        return HostileInputs.all().stream().filter(c -> c.category() == Category.KEY_NAME);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyNameCases")
    void endsAsTheCorpusSays(HostileInput hostile) {
        TaskOutcome outcome = handler.handle("corpus", hostile.input(), null);

        HostileInputAssertions.assertOutcome(
                hostile, outcome.status().name(), outcome.reason(), outcome.output());
    }
}
