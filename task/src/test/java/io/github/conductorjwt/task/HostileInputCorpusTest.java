package io.github.conductorjwt.task;

import io.github.conductorjwt.core.HostileInput;
import io.github.conductorjwt.core.HostileInput.Category;
import io.github.conductorjwt.core.HostileInputAssertions;
import io.github.conductorjwt.core.HostileInputs;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.SigningPolicy;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the hostile-input corpus through the task contract, once, as the plugin and the
 * worker run it. What a refusal costs is measured in the bench, not here. {@code keyName} cases
 * need a worker's held keys and run in the worker's tests.
 */
class HostileInputCorpusTest {

    private final SignedJwtTaskHandler handler =
            new SignedJwtTaskHandler(
                    new JwtRequestReader(SigningPolicy.defaults()), new JwtSigner());

    static Stream<HostileInput> corpus() {
        return HostileInputs.all().stream().filter(c -> c.category() != Category.KEY_NAME);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void endsAsTheCorpusSays(HostileInput hostile) {
        TaskOutcome outcome = handler.handle("corpus", hostile.input(), null);
        HostileInputAssertions.assertOutcome(
                hostile, outcome.status().name(), outcome.reason(), outcome.output());
    }
}
