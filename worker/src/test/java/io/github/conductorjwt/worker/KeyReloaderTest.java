package io.github.conductorjwt.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.TestClock;
import io.github.conductorjwt.core.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading the keys directory while the worker runs. */
class KeyReloaderTest {

    private static final KeyPair OLD = TestKeys.rsa(2048);
    private static final KeyPair NEW = TestKeys.RSA_2048;
    private static final String SECRET_LINE =
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ-sentinel";

    @TempDir Path dir;

    private final TestClock clock = new TestClock();

    private void write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private KeySchedule schedule() {
        return new KeySchedule(
                clock,
                Duration.ofMinutes(15),
                Duration.ofDays(1),
                HeldKeys.load(dir, SigningAlgorithm.RS256));
    }

    @Test
    void seesAKeyAddedWithoutARestart() throws IOException {
        write("orders/2026-10.pem", TestKeys.pkcs8Pem(OLD));
        KeySchedule schedule = schedule();
        KeyReloader reloader = new KeyReloader(dir, SigningAlgorithm.RS256, schedule);

        write("orders/2026-11.pem", TestKeys.pkcs8Pem(NEW));
        reloader.reload();

        assertThat(schedule.now().published())
                .extracting(HeldKey::keyId)
                .containsExactly("2026-10", "2026-11");
    }

    @Test
    void aBadFileKeepsTheKeysBeforeAndIsLoggedByNameNeverByText() throws IOException {
        write("orders/2026-10.pem", TestKeys.pkcs8Pem(OLD));
        KeySchedule schedule = schedule();
        KeyReloader reloader = new KeyReloader(dir, SigningAlgorithm.RS256, schedule);

        // Half written, as a copy caught mid-way leaves it.
        write("orders/2026-11.pem", "-----BEGIN PRIVATE KEY-----\n" + SECRET_LINE + "\n");
        String log = stderrOf(reloader::reload);

        assertThat(reloader.failing()).isTrue();
        assertThat(schedule.now().published())
                .extracting(HeldKey::keyId)
                .containsExactly("2026-10");
        assertThat(schedule.now().signing().active("orders").keyId()).isEqualTo("2026-10");
        assertThat(log).contains("Keeping the keys loaded before").contains("2026-11.pem");
        assertThat(log).doesNotContain(SECRET_LINE);

        write("orders/2026-11.pem", TestKeys.pkcs8Pem(NEW));
        reloader.reload();

        assertThat(reloader.failing()).isFalse();
        assertThat(schedule.now().published())
                .extracting(HeldKey::keyId)
                .containsExactly("2026-10", "2026-11");
    }

    /** What slf4j-simple writes while {@code action} runs (it looks up System.err on each line). */
    private static String stderrOf(Runnable action) {
        PrintStream before = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(before);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
