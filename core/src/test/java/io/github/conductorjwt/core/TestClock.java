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

    private volatile Instant now = Instant.parse("2026-12-04T12:00:00Z");

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
