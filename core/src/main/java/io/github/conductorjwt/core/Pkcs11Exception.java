package io.github.conductorjwt.core;

/**
 * A PKCS#11 setting that cannot work: the token does not load, the login fails, a label names no
 * usable key. It says which setting, as a {@link Setting} the adapter turns into its own name (an
 * environment variable, a server property), and the rule; never the PIN.
 */
public class Pkcs11Exception extends RuntimeException {

    /** The settings a PKCS#11 key depends on. */
    public enum Setting {
        LIBRARY,
        SLOT,
        PIN,
        KEYS
    }

    private final Setting setting;

    Pkcs11Exception(Setting setting, String rule) {
        super(rule, null, false, false);
        this.setting = setting;
    }

    public Setting setting() {
        return setting;
    }

    /** The rule, to follow the setting's name. */
    public String rule() {
        return getMessage();
    }
}
