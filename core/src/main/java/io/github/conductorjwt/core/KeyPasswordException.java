package io.github.conductorjwt.core;

/**
 * A key's password does not fit the key: missing, wrong, or given for a key that takes none. Its
 * own type because the fault may lie with the password rather than with the key text, and the layer
 * that knows both names decides whose it is.
 */
public final class KeyPasswordException extends KeyException {

    /** What is wrong, each with a rule worded to follow the key's name. */
    public enum Problem {
        MISSING("is encrypted, and no password was given"),
        WRONG("does not decrypt with the password given"),
        NOT_ENCRYPTED("is not an encrypted PKCS#8 key, yet a password was given");

        private final String rule;

        Problem(String rule) {
            this.rule = rule;
        }
    }

    private final Problem problem;

    KeyPasswordException(Problem problem) {
        super(problem.rule);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
