package io.github.conductorjwt.worker;

import io.github.conductorjwt.task.Rotation;
import java.time.Duration;
import java.util.Map;

/**
 * How the worker rotates held keys (see {@link KeySchedule}), from environment variables.
 *
 * @param reloadInterval how often the keys directory is read again
 * @param publishDelay how long a new key is published before it signs
 * @param retireAfter how long a removed key stays published
 */
record RotationSettings(Duration reloadInterval, Duration publishDelay, Duration retireAfter) {

    static final String RELOAD_SECONDS = "CONDUCTOR_JWT_KEYS_RELOAD_SECONDS";
    static final String PUBLISH_DELAY_SECONDS = "CONDUCTOR_JWT_KEY_PUBLISH_DELAY_SECONDS";
    static final String RETIRE_SECONDS = "CONDUCTOR_JWT_KEY_RETIRE_SECONDS";

    static final int DEFAULT_RELOAD_SECONDS = Rotation.DEFAULT_RELOAD_SECONDS;

    static final int DEFAULT_PUBLISH_DELAY_SECONDS = Rotation.DEFAULT_PUBLISH_DELAY_SECONDS;

    static final Duration CLOCK_LEEWAY = Rotation.CLOCK_LEEWAY;

    /**
     * @param maxTtl the longest token the worker signs: a removed key stays published that long,
     *     plus {@link #CLOCK_LEEWAY}, unless {@link #RETIRE_SECONDS} says otherwise
     * @param errors where a bad setting is reported (its default stands in)
     */
    static RotationSettings from(Map<String, String> v, Duration maxTtl, SettingErrors errors) {
        return new RotationSettings(
                Duration.ofSeconds(
                        WorkerSettings.number(
                                v, RELOAD_SECONDS, 1, DEFAULT_RELOAD_SECONDS, errors)),
                Duration.ofSeconds(
                        WorkerSettings.number(
                                v,
                                PUBLISH_DELAY_SECONDS,
                                0,
                                DEFAULT_PUBLISH_DELAY_SECONDS,
                                errors)),
                Duration.ofSeconds(
                        WorkerSettings.number(
                                v,
                                RETIRE_SECONDS,
                                0,
                                (int) maxTtl.plus(CLOCK_LEEWAY).toSeconds(),
                                errors)));
    }
}
