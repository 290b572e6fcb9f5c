package io.github.conductorjwt.task;

import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.core.InvalidJwtInputException.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains inputs declared as {@code ${workflow.secrets.NAME}} that did not arrive as a value, so
 * the user learns which secret to create rather than that a field is missing.
 *
 * <p>Conductor OSS resolves secret references from 3.31.2 on, when it hands the task out; a missing
 * secret arrives as {@code null}. Older servers pass {@code null} or the literal reference.
 */
final class SecretReferences {

    static final String MIN_SERVER_VERSION = "3.31.2";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{workflow\\.secrets\\.([^}]+)}");

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
                    if (!(expression instanceof String text)) {
                        return;
                    }
                    Matcher reference = REFERENCE.matcher(text);
                    if (!reference.find()) {
                        return;
                    }
                    Object value = resolved == null ? null : resolved.get(field);
                    String name = reference.group(1);
                    if (value == null) {
                        violations.add(
                                new Violation(
                                        field,
                                        "missing — does secret '"
                                                + name
                                                + "' exist? (Conductor OSS resolves"
                                                + " ${workflow.secrets.*} from "
                                                + MIN_SERVER_VERSION
                                                + " on; with the default env store the server"
                                                + " needs the variable CONDUCTOR_SECRET_"
                                                + name
                                                + ")"));
                    } else if (value instanceof String s && REFERENCE.matcher(s).find()) {
                        violations.add(
                                new Violation(
                                        field,
                                        "secret '"
                                                + name
                                                + "' was not resolved; this server does not"
                                                + " resolve ${workflow.secrets.*} (Conductor OSS "
                                                + MIN_SERVER_VERSION
                                                + " and later do)"));
                    }
                });
        if (!violations.isEmpty()) {
            throw new InvalidJwtInputException(violations);
        }
    }
}
