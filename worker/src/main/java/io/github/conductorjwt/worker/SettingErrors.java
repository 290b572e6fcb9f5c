package io.github.conductorjwt.worker;

import java.util.ArrayList;
import java.util.List;

/**
 * Every bad setting found while reading them, so one start reports all of them, as the task reports
 * every bad input at once. Each entry names the setting and its rule, never the value.
 */
final class SettingErrors {

    private final List<String> rules = new ArrayList<>();

    void add(String name, String rule) {
        rules.add(name + " " + rule);
    }

    /**
     * @throws IllegalArgumentException with every entry, in the order found, joined by "; "
     */
    void throwIfAny() {
        if (!rules.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", rules));
        }
    }
}
