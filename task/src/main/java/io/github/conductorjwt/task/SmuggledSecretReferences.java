package io.github.conductorjwt.task;

import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.core.InvalidJwtInputException.Violation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Finds {@code ${workflow.secrets.*}} references that reached a task's input through workflow data
 * rather than from the workflow definition.
 *
 * <p>Conductor OSS (3.31.2 and later) leaves every such reference literal when it evaluates a
 * task's input, and resolves all it finds when it hands the task out, wherever they came from: a
 * workflow started with {@code subject = "${workflow.secrets.jwt-privatekey}"} would have the key
 * signed into the token. A reference is honoured only where the definition wrote it: in the
 * declared expression at the same place in the input, at most as often as it is written there. This
 * needs the input as evaluated <em>before</em> secrets are resolved, which only the server sees.
 *
 * <p>References are found the way Conductor's {@code \$\{workflow\.secrets\.([^}]+)\}} finds them,
 * with {@code indexOf}: linear in the input's size.
 */
public final class SmuggledSecretReferences {

    static final String RULE =
            "a ${workflow.secrets.*} reference arrived through workflow data; secrets are resolved"
                    + " only where the workflow definition writes them";

    static final String OPENING = "${workflow.secrets.";

    /** Field names we quote in a reason; anything else is reported as {@link #OTHER_FIELD}. */
    private static final int MAX_QUOTED_NAME = 64;

    private static final String OTHER_FIELD = "input";

    private SmuggledSecretReferences() {}

    /**
     * @param declared the task's input as the definition writes it ({@code inputParameters}, with
     *     the task definition's {@code inputTemplate} for names they do not give)
     * @param evaluated the same input as Conductor evaluated it, secrets not yet resolved
     * @return the top-level inputs that carry a reference the definition did not write, sorted
     */
    public static SortedSet<String> find(Map<String, ?> declared, Map<String, ?> evaluated) {
        SortedSet<String> fields = new TreeSet<>();
        if (evaluated == null) {
            return fields;
        }
        evaluated.forEach(
                (field, value) -> {
                    Object expression = declared == null ? null : declared.get(field);
                    if (carriesUndeclaredReference(expression, value)) {
                        fields.add(field);
                    }
                });
        return fields;
    }

    /** The terminal refusal naming {@code fields}; never quotes a value. */
    public static InvalidJwtInputException refusal(Collection<String> fields) {
        Set<String> names = new LinkedHashSet<>();
        fields.forEach(field -> names.add(quotable(field)));
        return new InvalidJwtInputException(
                names.stream().map(name -> new Violation(name, RULE)).toList());
    }

    /** An evaluated value and the expression the definition wrote in its place, if any. */
    private record Place(Object declared, Object evaluated) {}

    /** Walks the evaluated value beside its declared expression, without recursion. */
    private static boolean carriesUndeclaredReference(Object declaredRoot, Object evaluatedRoot) {
        Deque<Place> pending = new ArrayDeque<>();
        pending.push(new Place(declaredRoot, evaluatedRoot));
        while (!pending.isEmpty()) {
            Place place = pending.pop();
            Object declared = place.declared();
            if (place.evaluated() instanceof String text) {
                if (!declaredWrites(declared, text)) {
                    return true;
                }
            } else if (place.evaluated() instanceof Map<?, ?> map) {
                map.forEach(
                        (key, child) ->
                                pending.push(
                                        new Place(
                                                declared instanceof Map<?, ?> d && key != null
                                                        ? d.get(key)
                                                        : null,
                                                child)));
            } else if (place.evaluated() instanceof List<?> list) {
                List<?> declaredList = declared instanceof List<?> d ? d : List.of();
                for (int i = 0; i < list.size(); i++) {
                    Object expression = i < declaredList.size() ? declaredList.get(i) : null;
                    pending.push(new Place(expression, list.get(i)));
                }
            }
        }
        return false;
    }

    /** Whether every reference in {@code text} is one {@code declared} writes, counted. */
    private static boolean declaredWrites(Object declared, String text) {
        if (!text.contains(OPENING)) {
            return true;
        }
        Map<String, Integer> written = new HashMap<>();
        if (declared instanceof String expression) {
            for (String reference : references(expression)) {
                written.merge(reference, 1, Integer::sum);
            }
        }
        for (String reference : references(text)) {
            Integer left = written.get(reference);
            if (left == null || left == 0) {
                return false;
            }
            written.put(reference, left - 1);
        }
        return true;
    }

    /**
     * Every {@code ${workflow.secrets.NAME}} in {@code text}, as Conductor's pattern finds them.
     */
    static List<String> references(String text) {
        List<String> found = new ArrayList<>();
        int start = text.indexOf(OPENING);
        while (start >= 0) {
            int close = text.indexOf('}', start + OPENING.length());
            if (close < 0) {
                break; // no later opening can close either
            }
            if (close > start + OPENING.length()) {
                found.add(text.substring(start, close + 1));
                start = text.indexOf(OPENING, close + 1);
            } else {
                start = text.indexOf(OPENING, start + 1); // "${workflow.secrets.}" names nothing
            }
        }
        return found;
    }

    /** A definition's input name, quoted only when it is short and plainly a name. */
    private static String quotable(String field) {
        return PlainNames.isPlain(field, MAX_QUOTED_NAME) ? field : OTHER_FIELD;
    }
}
