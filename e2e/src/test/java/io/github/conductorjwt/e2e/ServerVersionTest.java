package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What decides which outcome {@link ServerVersionsRun} expects of a version's secrets case. */
class ServerVersionTest {

    @Test
    void secretsFrom3312OnComparedNumberByNumber() {
        assertThat(ServerVersion.parse("3.31.1").hasSecrets()).isFalse();
        assertThat(ServerVersion.parse("3.21.14").hasSecrets()).isFalse();
        assertThat(ServerVersion.parse("3.4.99").hasSecrets()).isFalse();
        assertThat(ServerVersion.parse("3.31.2").hasSecrets()).isTrue();
        assertThat(ServerVersion.parse("3.32.3").hasSecrets()).isTrue();
        assertThat(ServerVersion.parse("3.100.0").hasSecrets()).isTrue();
        assertThat(ServerVersion.parse("3.32.10")).isGreaterThan(ServerVersion.parse("3.32.9"));
    }

    @Test
    void aFailedStartIsToldBySpringBootsDescription() {
        String message =
                "Conductor server exited with 1; log:\n"
                        + "***************************\nAPPLICATION FAILED TO START\n"
                        + "***************************\n\nDescription:\n\n"
                        + "An attempt was made to call a method that does not exist.\n\n"
                        + "Action:\n\nCorrect the classpath\n";

        assertThat(ServerVersionsRun.startFailure(new IllegalStateException(message)))
                .isEqualTo("An attempt was made to call a method that does not exist.");
        assertThat(ServerVersionsRun.startFailure(new IllegalStateException("not healthy\nlog")))
                .isEqualTo("not healthy");
    }
}
