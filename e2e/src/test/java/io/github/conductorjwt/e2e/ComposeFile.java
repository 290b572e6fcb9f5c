package io.github.conductorjwt.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml read as {@code docker compose} reads it, for running its services without
 * Docker: its variables interpolated ({@code ${NAME}}, {@code ${NAME:?message}}, {@code
 * ${NAME:-default}}, {@code $$} for a literal {@code $}), then each service's command line,
 * entrypoint and environment with its containers' addresses and mounts rewritten to local ones.
 */
final class ComposeFile {

    /** Compose's interpolation: {@code $$}, {@code ${NAME[:?-]...}} and {@code $NAME}. */
    private static final Pattern VARIABLE =
            Pattern.compile(
                    "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[?-])([^}]*))?}"
                            + "|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final Path directory;
    private final JsonNode services;

    private ComposeFile(Path directory, JsonNode services) {
        this.directory = directory;
        this.services = services;
    }

    /** Reads {@code file}, interpolating its variables from {@code variables} as compose would. */
    static ComposeFile read(Path file, Map<String, String> variables) {
        try {
            JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            return new ComposeFile(
                    file.toAbsolutePath().getParent(),
                    interpolated(compose.path("services"), variables));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The service called {@code name}: its settings, mounts and local addresses. */
    Service service(String name) {
        JsonNode service = services.path(name);
        if (service.isMissingNode()) {
            throw new IllegalStateException("docker-compose.yml has no service " + name);
        }
        return new Service(name, service);
    }

    /**
     * One service, with {@code addresses} (another service's {@code host:port} inside the compose
     * network, or this one's {@code 0.0.0.0:port}, to the local address that stands in for it) and
     * its mounts ({@code ./path:/container/path}) applied to every string it runs with.
     */
    final class Service {
        private final String name;
        private final JsonNode definition;
        private final Map<String, String> replacements = new LinkedHashMap<>();

        private Service(String name, JsonNode definition) {
            this.name = name;
            this.definition = definition;
            definition
                    .path("volumes")
                    .forEach(
                            volume -> {
                                String[] parts = volume.asText().split(":");
                                if (parts[0].startsWith("./")) {
                                    replacements.put(
                                            parts[1],
                                            directory.resolve(parts[0]).normalize().toString());
                                }
                            });
        }

        /** Serves {@code address} ({@code host:port} as the container sees it) at {@code local}. */
        Service at(String address, String local) {
            replacements.put(address, local);
            return this;
        }

        /** Mounts {@code local} where the file mounts {@code containerPath} (a fixture's keys). */
        Service mounting(String containerPath, Path local) {
            if (!replacements.containsKey(containerPath)) {
                throw new IllegalStateException(name + " mounts nothing at " + containerPath);
            }
            replacements.put(containerPath, local.toAbsolutePath().toString());
            return this;
        }

        /**
         * The container port of its first {@code ports} entry, as in {@code 127.0.0.1:8080:8080}.
         */
        int containerPort() {
            String[] parts = definition.path("ports").path(0).asText().split(":");
            return Integer.parseInt(parts[parts.length - 1]);
        }

        /** Its {@code command}, local. */
        List<String> command() {
            return strings(definition.path("command"));
        }

        /** Its {@code entrypoint}, local. */
        List<String> entrypoint() {
            return strings(definition.path("entrypoint"));
        }

        /** Its {@code healthcheck}'s {@code test} after {@code CMD}, local. */
        List<String> healthcheck() {
            List<String> test = strings(definition.path("healthcheck").path("test"));
            if (!test.get(0).equals("CMD")) {
                throw new IllegalStateException(name + ": expected a CMD healthcheck, got " + test);
            }
            return test.subList(1, test.size());
        }

        /** Its {@code environment}, local. */
        Map<String, String> environment() {
            Map<String, String> environment = new LinkedHashMap<>();
            definition
                    .path("environment")
                    .fields()
                    .forEachRemaining(
                            entry -> environment.put(entry.getKey(), local(entry.getValue())));
            return environment;
        }

        private List<String> strings(JsonNode list) {
            if (!list.isArray() || list.isEmpty()) {
                throw new IllegalStateException(name + ": expected a list, got " + list);
            }
            List<String> strings = new ArrayList<>();
            list.forEach(part -> strings.add(local(part)));
            return strings;
        }

        private String local(JsonNode value) {
            String text = value.asText();
            for (Map.Entry<String, String> replacement : replacements.entrySet()) {
                text = text.replace(replacement.getKey(), replacement.getValue());
            }
            return text;
        }
    }

    private static JsonNode interpolated(JsonNode node, Map<String, String> variables) {
        ObjectMapper json = new ObjectMapper();
        if (node.isTextual()) {
            return json.getNodeFactory().textNode(interpolate(node.asText(), variables));
        }
        if (node.isArray()) {
            var array = json.createArrayNode();
            node.forEach(element -> array.add(interpolated(element, variables)));
            return array;
        }
        if (node.isObject()) {
            var object = json.createObjectNode();
            node.fields()
                    .forEachRemaining(
                            field ->
                                    object.set(
                                            field.getKey(),
                                            interpolated(field.getValue(), variables)));
            return object;
        }
        return node;
    }

    /** One string as compose interpolates it; a required variable left unset fails as it does. */
    static String interpolate(String text, Map<String, String> variables) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$$")) {
                replacement = "$";
            } else {
                String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(4);
                String value = variables.get(name);
                String operator = matcher.group(2);
                boolean unset =
                        value == null
                                || operator != null && operator.startsWith(":") && value.isEmpty();
                if (unset && operator != null && operator.endsWith("?")) {
                    throw new IllegalStateException(
                            "required variable " + name + " is missing: " + matcher.group(3));
                }
                if (unset && operator != null && operator.endsWith("-")) {
                    value = matcher.group(3);
                }
                replacement = value == null ? "" : value;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
