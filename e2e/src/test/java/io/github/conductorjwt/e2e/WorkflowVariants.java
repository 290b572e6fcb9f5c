package io.github.conductorjwt.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;

/**
 * Test workflows derived from the real JSON in {@code workflows/}, so the cases run the shape users
 * register and only the part under test differs.
 */
final class WorkflowVariants {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkflowVariants() {}

    /** The same workflow, named {@code name}, reading its key from another secret. */
    static JsonNode withSecret(JsonNode base, String name, String secretName) {
        ObjectNode copy = renamed(base, name);
        firstTaskInput(copy).put("privateKey", "${workflow.secrets." + secretName + "}");
        return copy;
    }

    /**
     * The same workflow with every input but the key taken from the workflow input of the same name
     * (both TTL spellings included), so one definition can try any value.
     */
    static JsonNode allFromInput(JsonNode base, String name) {
        ObjectNode copy = renamed(base, name);
        ObjectNode input = firstTaskInput(copy);
        for (Iterator<String> fields = input.deepCopy().fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!field.equals("privateKey")) {
                input.put(field, "${workflow.input." + field + "}");
            }
        }
        input.put("ttlInSeconds", "${workflow.input.ttlInSeconds}");
        return copy;
    }

    private static ObjectNode renamed(JsonNode base, String name) {
        ObjectNode copy = base.deepCopy();
        copy.put("name", name);
        return copy;
    }

    private static ObjectNode firstTaskInput(ObjectNode workflow) {
        return (ObjectNode) workflow.path("tasks").path(0).path("inputParameters");
    }
}
