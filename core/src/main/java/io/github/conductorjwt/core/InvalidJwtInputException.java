package io.github.conductorjwt.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Input that no retry can fix. The message lists every violation as {@code "<field>: <rule>"},
 * joined by {@code "; "}, and never carries key material, so it is safe to show as a task failure
 * reason or to log.
 */
public final class InvalidJwtInputException extends RuntimeException {

    /** One broken rule: the input field at fault, as the user spelled it, and the rule in words. */
    public record Violation(String field, String rule) {
        @Override
        public String toString() {
            return field + ": " + rule;
        }
    }

    private final List<Violation> violations;

    public InvalidJwtInputException(String field, String rule) {
        this(List.of(new Violation(field, rule)));
    }

    public InvalidJwtInputException(List<Violation> violations) {
        // No stack trace: this is a verdict on input, not a fault, and it is thrown per task.
        super(
                violations.stream().map(Violation::toString).collect(Collectors.joining("; ")),
                null,
                false,
                false);
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    /** The fields at fault, each once, in the order their rules were broken. */
    public List<String> fields() {
        return violations.stream().map(Violation::field).distinct().toList();
    }
}
