package io.github.conductorjwt.plugin;

import io.github.conductorjwt.core.Pkcs11Config;
import io.github.conductorjwt.core.Pkcs11Exception;
import java.nio.file.Path;
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
 * @param keys the labels of the token's keys offered as key names
 */
public record Pkcs11Properties(
        Path library,
        Long slot,
        Integer slotListIndex,
        @DefaultValue("CONDUCTOR_JWT_PKCS11_PIN") String pinEnv,
        Path pinFile,
        List<String> keys) {

    static final String PREFIX = ConductorJwtProperties.PREFIX + ".pkcs11";

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
