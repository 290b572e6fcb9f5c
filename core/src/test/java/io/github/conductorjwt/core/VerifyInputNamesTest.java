package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** VERIFY_JWT's input schema names exactly the inputs the code reads. */
class VerifyInputNamesTest {

    private static final Path SCHEMA = Path.of("..", "schema", "verify-jwt-input.schema.json");

    @Test
    void theSchemaNamesExactlyTheTaskInputs() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(SCHEMA.toFile());
        List<String> properties = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);

        assertThat(properties).containsExactlyElementsOf(VerifyInputNames.ALL);
    }
}
