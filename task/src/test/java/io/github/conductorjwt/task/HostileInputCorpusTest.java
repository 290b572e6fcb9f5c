package io.github.conductorjwt.task;

import io.github.conductorjwt.core.HostileInput;
import io.github.conductorjwt.core.HostileInput.Category;
import io.github.conductorjwt.core.HostileInput.Refused;
import io.github.conductorjwt.core.HostileInputAssertions;
import io.github.conductorjwt.core.HostileInputs;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.SigningPolicy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the hostile-input corpus through the task contract, as the plugin and the worker
 * run it. The CPU time of each refusal is recorded and the worst are printed, not asserted: speed
 * is measured, and reported, elsewhere. {@code keyName} cases need a worker's held keys and run in
 * the worker's tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputCorpusTest {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int WORST_SHOWN = 10;

    private final SignedJwtTaskHandler handler =
            new SignedJwtTaskHandler(
                    new JwtRequestReader(SigningPolicy.defaults()), new JwtSigner());
    private final Map<String, Long> refusalCpuNanos = new ConcurrentHashMap<>();

    static Stream<HostileInput> corpus() {
        return HostileInputs.all().stream().filter(c -> c.category() != Category.KEY_NAME);
    }

    /** Every path once, so the timed pass measures warm code. */
    @BeforeAll
    void warmUp() {
        corpus().forEach(
                        hostile -> {
                            try {
                                handler.handle("warm-up", hostile.input(), null);
                            } catch (Throwable anything) {
                                // Judged in the timed pass.
                            }
                        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void endsAsTheCorpusSays(HostileInput hostile) {
        Map<String, Object> input = hostile.input();

        long before = THREADS.getCurrentThreadCpuTime();
        TaskOutcome outcome = handler.handle("corpus", input, null);
        long cpu = THREADS.getCurrentThreadCpuTime() - before;

        if (hostile.expected() instanceof Refused) {
            refusalCpuNanos.put(hostile.name(), cpu);
        }
        HostileInputAssertions.assertOutcome(
                hostile, outcome.status().name(), outcome.reason(), outcome.output());
    }

    @AfterAll
    void printCostliestRefusals() {
        System.out.printf(
                "Costliest refusals (thread CPU time, warm), of %d:%n", refusalCpuNanos.size());
        refusalCpuNanos.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(WORST_SHOWN)
                .forEach(
                        entry ->
                                System.out.printf(
                                        "  %8.2f ms  %s%n",
                                        entry.getValue() / 1e6, entry.getKey()));
    }
}
