package io.github.conductorjwt.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The definitions users register, read from the repository's {@code workflows/} folder: workflow
 * definitions at its top, task definitions under {@code taskdefs/}.
 */
public record WorkflowFiles(Path dir) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public List<JsonNode> workflowDefs() {
        return readAll(dir);
    }

    public List<JsonNode> taskDefs() {
        Path taskDefs = dir.resolve("taskdefs");
        return Files.isDirectory(taskDefs) ? readAll(taskDefs) : List.of();
    }

    /** The workflow definition whose {@code name} is {@code name}. */
    public JsonNode workflowDef(String name) {
        return workflowDefs().stream()
                .filter(def -> name.equals(def.path("name").asText()))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("no workflow " + name + " in " + dir));
    }

    /** Registers every task and workflow definition with the server. */
    public void registerWith(ConductorApi api) {
        api.postTaskDefs(taskDefs());
        api.putWorkflowDefs(workflowDefs());
    }

    private static List<JsonNode> readAll(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".json"))
                    .sorted()
                    .map(WorkflowFiles::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
