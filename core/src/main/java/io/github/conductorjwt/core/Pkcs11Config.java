package io.github.conductorjwt.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where the PKCS#11 keys are: the token's library, its slot (by id or by index in the slot list:
 * the JDK's provider selects no other way), the PIN and the labels of the keys offered as names.
 *
 * @param library the PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
 * @param slot the slot id, or {@code null} to use {@code slotListIndex}
 * @param slotListIndex the index in the module's slot list, or {@code null} to use {@code slot}
 * @param pin read when logging in (at start, and when the session is rebuilt); never kept
 * @param labels the labels of the keys offered as names: each a private key with a certificate of
 *     the same id, which the JDK's provider needs to list the key
 */
public record Pkcs11Config(
        Path library, Long slot, Integer slotListIndex, Supplier<char[]> pin, List<String> labels) {

    public Pkcs11Config {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(pin, "pin");
        labels = List.copyOf(labels);
        if ((slot == null) == (slotListIndex == null)) {
            throw new Pkcs11Exception(
                    Pkcs11Exception.Setting.SLOT, "give a slot id or a slot index, one of them");
        }
        if (labels.isEmpty()) {
            throw new Pkcs11Exception(
                    Pkcs11Exception.Setting.KEYS, "must name at least one key label");
        }
        for (String label : labels) {
            if (label.isBlank() || !ConfigText.isPlain(label)) {
                throw new Pkcs11Exception(
                        Pkcs11Exception.Setting.KEYS,
                        "labels must be non-blank printable text without line breaks");
            }
        }
        if (!ConfigText.isPlain(library.toString())) {
            throw new Pkcs11Exception(
                    Pkcs11Exception.Setting.LIBRARY, "must be a path without control characters");
        }
    }

    /** A PIN read from {@code file} at each login (a trailing line break dropped); never kept. */
    public static Supplier<char[]> pinFile(Path file) {
        return () -> {
            try {
                String text = java.nio.file.Files.readString(file);
                return text.stripTrailing().toCharArray();
            } catch (java.io.IOException | RuntimeException e) {
                throw new Pkcs11Exception(
                        Pkcs11Exception.Setting.PIN,
                        "the PIN file cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        };
    }

    /** The SunPKCS11 configuration, inline; {@code name} tells providers apart in its own logs. */
    String sunPkcs11(String name) {
        // A quoted value in SunPKCS11's syntax may not hold a quote; paths with one are refused.
        if (library.toString().contains("\"")) {
            throw new Pkcs11Exception(Pkcs11Exception.Setting.LIBRARY, "must not contain a quote");
        }
        return "--name="
                + name
                + "\nlibrary=\""
                + library
                + "\"\n"
                + (slot != null ? "slot=" + slot : "slotListIndex=" + slotListIndex)
                + "\n";
    }

    @Override
    public String toString() {
        return "Pkcs11Config[" + library + ", slot=" + slot + ", index=" + slotListIndex + "]";
    }

    /** Operator text that goes into a configuration or a log line. */
    static final class ConfigText {
        private ConfigText() {}

        static boolean isPlain(String text) {
            return text.chars().noneMatch(c -> Character.isISOControl(c));
        }
    }
}
