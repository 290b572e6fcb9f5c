package io.github.conductorjwt.plugin;

import io.github.conductorjwt.core.Pkcs11Config;
import io.github.conductorjwt.core.Pkcs11Exception;
import io.github.conductorjwt.task.Rotation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A PKCS#11 token whose keys the server holds, under {@code conductor.jwt.pkcs11}. The PIN is never
 * a property: it is read from the environment variable {@code pin-env} names, or from {@code
 * pin-file}, at each login.
 *
 * @param library the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so; unset for no token
 * @param slot the token's slot id (or give slot-list-index)
 * @param slotListIndex the token's index in the module's slot list (or give slot)
 * @param pinEnv the environment variable that holds the user PIN
 * @param pinFile a file that holds the user PIN, instead of pin-env
 * @param keys the labels of the token's keys offered as key names: fixed at start, each with its
 *     {@code NAME.VERSION} labels, which rotate
 * @param reloadSeconds how often the token's labels are listed again (as the worker's {@code
 *     CONDUCTOR_JWT_KEYS_RELOAD_SECONDS})
 * @param publishDelaySeconds how long a new label is in the JWK Set file before it signs (as the
 *     worker's {@code CONDUCTOR_JWT_KEY_PUBLISH_DELAY_SECONDS})
 * @param retireSeconds how long a removed label stays in the JWK Set file (as the worker's {@code
 *     CONDUCTOR_JWT_KEY_RETIRE_SECONDS}); unset: {@code conductor.jwt.max-ttl} plus a minute
 */
public record Pkcs11Properties(
        Path library,
        Long slot,
        Integer slotListIndex,
        @DefaultValue("CONDUCTOR_JWT_PKCS11_PIN") String pinEnv,
        Path pinFile,
        List<String> keys,
        @DefaultValue("" + Rotation.DEFAULT_RELOAD_SECONDS) int reloadSeconds,
        @DefaultValue("" + Rotation.DEFAULT_PUBLISH_DELAY_SECONDS) int publishDelaySeconds,
        Integer retireSeconds) {

    static final String AT_LEAST_MSG = "%s must be at least %d seconds";

    static final String PREFIX = ConductorJwtProperties.PREFIX + ".pkcs11";

    /** How the token's keys rotate (see {@link Rotation}); its bounds checked at start. */
    Duration reloadInterval() {
        return seconds(".reload-seconds", reloadSeconds, 1);
    }

    Duration publishDelay() {
        return seconds(".publish-delay-seconds", publishDelaySeconds, 0);
    }

    Duration retireAfter(Duration maxTtl) {
        return retireSeconds == null
                ? maxTtl.plus(Rotation.CLOCK_LEEWAY)
                : seconds(".retire-seconds", retireSeconds, 0);
    }

    private static Duration seconds(String property, int value, int least) {
        if (value < least) {
            throw new IllegalStateException(AT_LEAST_MSG.formatted(PREFIX + property, least));
        }
        return Duration.ofSeconds(value);
    }

    /** The token's configuration, or {@code null} when no library is set. */
    Pkcs11Config config() {
        if (library == null) {
            return null;
        }
        String variable = pinEnv;
        return new Pkcs11Config(
                library,
                slot,
                slotListIndex,
                pinFile != null
                        ? Pkcs11Config.pinFile(pinFile)
                        : () -> {
                            String pin = System.getenv(variable);
                            if (pin == null || pin.isEmpty()) {
                                throw new IllegalStateException(
                                        PREFIX + ".pin-env names an unset variable");
                            }
                            return pin.toCharArray();
                        },
                keys == null ? List.of() : keys);
    }

    /** The property at fault, for start-up errors. */
    String propertyOf(Pkcs11Exception.Setting setting) {
        return PREFIX
                + switch (setting) {
                    case LIBRARY -> ".library";
                    case SLOT -> slot != null ? ".slot" : ".slot-list-index";
                    case PIN -> pinFile != null ? ".pin-file" : ".pin-env";
                    case KEYS -> ".keys";
                };
    }
}
