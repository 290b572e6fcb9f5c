package io.github.conductorjwt.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.TestClock;
import io.github.conductorjwt.core.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rotation windows, on a clock the test moves: what a verifier holding a JWKS relies on. */
class KeyScheduleTest {

    private static final KeyPair OLD = TestKeys.rsa(2048);
    private static final KeyPair NEW = TestKeys.RSA_2048;
    private static final Duration DELAY = Duration.ofMinutes(15);
    private static final Duration RETIRE = Duration.ofHours(1);

    @TempDir Path dir;

    private final TestClock clock = new TestClock();

    /** A key file written a month ago: long past any delay. */
    private void write(String relative, KeyPair pair) throws IOException {
        write(relative, pair, clock.instant().minus(Duration.ofDays(30)));
    }

    private void write(String relative, KeyPair pair, Instant written) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, TestKeys.pkcs8Pem(pair));
        Files.setLastModifiedTime(file, FileTime.from(written));
    }

    private HeldKeys load() {
        return HeldKeys.load(dir, SigningAlgorithm.RS256);
    }

    private KeySchedule startWith(String relative, KeyPair pair) throws IOException {
        write(relative, pair);
        return new KeySchedule(clock, DELAY, RETIRE, load());
    }

    private static String signer(KeySchedule schedule, String name) {
        return schedule.now().signing().active(name).keyId();
    }

    private static Iterable<String> published(KeySchedule schedule) {
        return schedule.now().published().stream().map(HeldKey::keyId).toList();
    }

    @Test
    void keysPresentAtStartSignAtOnce() throws IOException {
        write("orders/2026-10.pem", OLD);
        write("orders/2026-11.pem", NEW);

        KeySchedule schedule = new KeySchedule(clock, DELAY, RETIRE, load());

        assertThat(signer(schedule, "orders")).isEqualTo("2026-11");
        assertThat(published(schedule)).containsExactly("2026-10", "2026-11");
        assertThat(schedule.now().pending()).isZero();
    }

    @Test
    void aWorkerStartedDuringARotationWaitsOutTheDelayFromWhenTheFileWasWritten()
            throws IOException {
        write("orders/2026-10.pem", OLD);
        write("orders/2026-11.pem", NEW, clock.instant().minus(Duration.ofMinutes(5)));

        KeySchedule schedule = new KeySchedule(clock, DELAY, RETIRE, load());

        assertThat(published(schedule)).containsExactly("2026-10", "2026-11");
        assertThat(signer(schedule, "orders")).isEqualTo("2026-10");
        clock.advance(Duration.ofMinutes(10));
        assertThat(signer(schedule, "orders")).isEqualTo("2026-11");
    }

    @Test
    void aFreshDeploymentSignsAtOnceWithTheFirstKeyThenTheNewest() throws IOException {
        write("orders/2026-10.pem", OLD, clock.instant());
        write("orders/2026-11.pem", NEW, clock.instant());

        KeySchedule schedule = new KeySchedule(clock, DELAY, RETIRE, load());

        assertThat(signer(schedule, "orders")).isEqualTo("2026-10");
        assertThat(schedule.now().pending()).isEqualTo(1);
        clock.advance(DELAY);
        assertThat(signer(schedule, "orders")).isEqualTo("2026-11");
    }

    @Test
    void aNewKeyIsPublishedAtOnceAndSignsOnlyAfterTheDelay() throws IOException {
        KeySchedule schedule = startWith("orders/2026-10.pem", OLD);
        clock.advance(Duration.ofDays(3));

        write("orders/2026-11.pem", NEW);
        schedule.update(load());

        assertThat(published(schedule)).containsExactly("2026-10", "2026-11");
        assertThat(signer(schedule, "orders")).isEqualTo("2026-10");
        assertThat(schedule.now().pending()).isEqualTo(1);

        clock.advance(DELAY.minusSeconds(1));
        schedule.update(load());
        assertThat(signer(schedule, "orders")).isEqualTo("2026-10");

        clock.advance(Duration.ofSeconds(1));
        assertThat(signer(schedule, "orders")).isEqualTo("2026-11");
        assertThat(schedule.now().pending()).isZero();
    }

    @Test
    void aRemovedKeyStaysPublishedForTheRetirePeriodThenDisappears() throws IOException {
        write("orders/2026-10.pem", OLD);
        KeySchedule schedule = startWith("orders/2026-11.pem", NEW);

        Files.delete(dir.resolve("orders/2026-10.pem"));
        schedule.update(load());

        assertThat(published(schedule)).containsExactly("2026-10", "2026-11");
        assertThat(schedule.now().retiring()).isEqualTo(1);
        clock.advance(RETIRE.minusSeconds(1));
        schedule.update(load());
        assertThat(published(schedule)).containsExactly("2026-10", "2026-11");
        assertThat(signer(schedule, "orders")).isEqualTo("2026-11");

        clock.advance(Duration.ofSeconds(1));
        assertThat(published(schedule)).containsExactly("2026-11");
        assertThat(schedule.now().retiring()).isZero();
    }

    @Test
    void aRemovedKeyNeverSignsAgainEvenWhileItIsStillPublished() throws IOException {
        KeySchedule schedule = startWith("orders/2026-10.pem", OLD);
        write("orders/2026-11.pem", NEW);
        schedule.update(load());

        // The only key past its delay is gone: the newest signs at once rather than fail tasks.
        Files.delete(dir.resolve("orders/2026-10.pem"));
        schedule.update(load());

        assertThat(signer(schedule, "orders")).isEqualTo("2026-11");
        assertThat(published(schedule)).containsExactly("2026-10", "2026-11");
    }

    @Test
    void aNewNameSignsAtOnce() throws IOException {
        KeySchedule schedule = startWith("orders/2026-10.pem", OLD);

        write("billing/2026-12.pem", NEW);
        schedule.update(load());

        assertThat(signer(schedule, "billing")).isEqualTo("2026-12");
        assertThat(signer(schedule, "orders")).isEqualTo("2026-10");
        assertThat(schedule.now().pending()).isZero();
    }

    @Test
    void aKeyThatComesBackBeforeItLeftTheJwksKeepsItsPublicationTime() throws IOException {
        KeySchedule schedule = startWith("orders/2026-10.pem", OLD);
        write("orders/2026-11.pem", NEW);
        schedule.update(load());
        clock.advance(DELAY);
        Files.delete(dir.resolve("orders/2026-11.pem"));
        schedule.update(load());

        write("orders/2026-11.pem", NEW);
        schedule.update(load());

        assertThat(signer(schedule, "orders")).isEqualTo("2026-11");
        assertThat(schedule.now().retiring()).isZero();
    }

    @Test
    void aDifferentKeyUnderAKnownKidIsRefusedAndTheScheduleKept() throws IOException {
        KeySchedule schedule = startWith("orders/current.pem", OLD);

        write("orders/current.pem", NEW);

        assertThatThrownBy(() -> schedule.update(load()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kid current now names a different key")
                .hasMessageNotContaining(TestKeys.body(TestKeys.pkcs8Pem(NEW)).substring(0, 40));
        assertThat(schedule.now().published())
                .singleElement()
                .extracting(HeldKey::text)
                .isEqualTo(TestKeys.pkcs8Pem(OLD));
    }

    @Test
    void theJwksCacheLifetimeEndsBeforeANewKeySigns() {
        for (Duration delay :
                new Duration[] {
                    Duration.ofSeconds(3), Duration.ofMinutes(5), DELAY, Duration.ofHours(2)
                }) {
            assertThat(JwksEndpoint.maxAge(delay)).as(delay.toString()).isLessThan(delay);
        }
        assertThat(JwksEndpoint.maxAge(Duration.ofHours(2))).isEqualTo(Duration.ofMinutes(5));
    }
}
