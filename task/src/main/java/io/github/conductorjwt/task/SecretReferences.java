package io.github.conductorjwt.task;

import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.core.InvalidJwtInputException.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Explains inputs declared as {@code ${workflow.secrets.NAME}} that did not arrive as a value, so
 * the user learns which secret to create rather than that a field is missing.
 *
 * <p>Conductor OSS resolves secret references from 3.31.2 on, when it hands the task out; a missing
 * secret arrives as {@code null}. Older servers pass {@code null} or the literal reference.
 */
final class SecretReferences {

    static final String MIN_SERVER_VERSION = "3.31.2";

    private static final String MISSING =
            "missing — does secret '%s' exist? (Conductor OSS resolves ${workflow.secrets.*} from "
                    + MIN_SERVER_VERSION
                    + " on; with the default env store the server needs the variable"
                    + " CONDUCTOR_SECRET_%s)";

    private static final String UNRESOLVED =
            "secret '%s' was not resolved; this server does not resolve ${workflow.secrets.*}"
                    + " (Conductor OSS "
                    + MIN_SERVER_VERSION
                    + " and later do)";

    /** Stands in for a name that is not quoted (see {@link #referencedName}). */
    private static final String UNQUOTED_NAME = "(name not shown: not a plain name)";

    /** Longest secret name quoted in a reason; a name comes from the workflow definition. */
    private static final int MAX_NAME_CHARS = 128;

    private SecretReferences() {}

    /**
     * @param resolved the input the task received
     * @param declared the task's {@code inputParameters} as written in the workflow
     * @throws InvalidJwtInputException for every declared secret that did not resolve
     */
    static void check(Map<String, ?> resolved, Map<String, ?> declared) {
        if (declared == null) {
            return;
        }
        List<Violation> violations = new ArrayList<>();
        declared.forEach(
                (field, expression) -> {
                    String rule =
                            unresolved(expression, resolved == null ? null : resolved.get(field));
                    if (rule != null && PlainNames.isPlain(field, MAX_NAME_CHARS)) {
                        violations.add(new Violation(field, rule));
                    }
                });
        if (!violations.isEmpty()) {
            throw new InvalidJwtInputException(violations);
        }
    }

    /**
     * Why an input declared as {@code expression} arrived as {@code value}: {@code null} when it is
     * no secret reference or was resolved.
     */
    private static String unresolved(Object expression, Object value) {
        String name = expression instanceof String text ? referencedName(text) : null;
        if (name == null) {
            return null;
        }
        if (value == null) {
            return MISSING.formatted(name, name);
        }
        return value instanceof String text && referencedName(text) != null
                ? UNRESOLVED.formatted(name)
                : null;
    }

    /**
     * The name in the first {@code ${workflow.secrets.NAME}} of {@code text}, or {@code null} for
     * none. A name that is not plain (see {@link PlainNames}) is not quoted back.
     */
    static String referencedName(String text) {
        List<String> references = SmuggledSecretReferences.references(text);
        if (references.isEmpty()) {
            return null;
        }
        String reference = references.get(0);
        String name =
                reference.substring(
                        SmuggledSecretReferences.OPENING.length(), reference.length() - 1);
        return PlainNames.isPlain(name, MAX_NAME_CHARS) ? name : UNQUOTED_NAME;
    }
}
