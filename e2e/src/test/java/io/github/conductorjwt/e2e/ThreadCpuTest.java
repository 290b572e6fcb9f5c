package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    /** A line of /proc/<pid>/task/<tid>/stat, its name with spaces and digits. */
    private static final String STAT =
            "4242 (C2 CompilerThre0) S 1 4200 4200 0 -1 4194368 100 0 0 0 250 17 0 0 20 0 30 0"
                    + " 1234 0 0";

    @Test
    void namesTheKindWithoutTheThreadsNumber() {
        assertThat(ThreadCpu.kind(STAT)).isEqualTo("C2 CompilerThre");
        assertThat(ThreadCpu.kind("7 (workflow-worker-3) R 1")).isEqualTo("workflow-worker-");
    }

    @Test
    void addsUserAndSystemTicks() {
        assertThat(ThreadCpu.cpu(STAT)).isEqualTo(Duration.ofMillis(2_670));
    }

    @Test
    void subtractsKindByKind() {
        assertThat(
                        ThreadCpu.minus(
                                Map.of("a", Duration.ofMillis(50), "b", Duration.ofMillis(30)),
                                Map.of("a", Duration.ofMillis(20))))
                .containsExactly(
                        Map.entry("a", Duration.ofMillis(30)),
                        Map.entry("b", Duration.ofMillis(30)));
    }

    @Test
    void readsThisProcess() {
        assertThat(ThreadCpu.of(ProcessHandle.current().pid()).values())
                .anySatisfy(cpu -> assertThat(cpu).isPositive());
    }
}
