package io.github.conductorjwt.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one test clock of every module (core's test-jar): it stands still until the test moves it.
 * Threads the test starts see each move.
 */
public final class TestClock extends Clock {

    private volatile Instant now;

    public TestClock() {
        this(Instant.parse("2026-12-04T12:00:00Z"));
    }

    /** From {@code start}: e.g. the real time, for tokens an independent signer dates now. */
    public TestClock(Instant start) {
        now = start;
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Always UTC: tests compare instants, never local times. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
