package io.github.conductorjwt.worker;

import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.SigningKey;
import io.github.conductorjwt.core.SigningKeys;
import io.github.conductorjwt.task.GetSignedJwt;
import io.github.conductorjwt.task.InputPreparer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The keys the worker holds, read once at start from {@code <dir>/<name>/<kid>.(pem|json|key)}.
 * Several keys may share a name during rotation: the one whose kid sorts last (name files by date)
 * signs; all are published in the JWKS. A task selects one with the {@code keyName} input, so its
 * workflow never carries key text through Conductor.
 */
final class HeldKeys implements InputPreparer {

    static final String KEY_NAME = GetSignedJwt.KEY_NAME;

    private final Map<String, List<HeldKey>> byName;

    private HeldKeys(Map<String, List<HeldKey>> byName) {
        this.byName = byName;
    }

    static HeldKeys none() {
        return new HeldKeys(Map.of());
    }

    /**
     * @throws IllegalArgumentException naming the file that holds no usable private key
     */
    static HeldKeys load(Path dir) {
        Map<String, List<HeldKey>> byName = new TreeMap<>();
        try (Stream<Path> names = Files.list(dir)) {
            for (Path nameDir : names.filter(Files::isDirectory).sorted().toList()) {
                String name = nameDir.getFileName().toString();
                List<HeldKey> keys = new ArrayList<>();
                try (Stream<Path> files = Files.list(nameDir)) {
                    for (Path file : files.filter(HeldKeys::isKeyFile).sorted().toList()) {
                        keys.add(read(name, file));
                    }
                }
                if (!keys.isEmpty()) {
                    byName.put(name, List.copyOf(keys));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read keys from " + dir, e);
        }
        return new HeldKeys(byName);
    }

    private static boolean isKeyFile(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file)
                && (name.endsWith(".pem") || name.endsWith(".json") || name.endsWith(".key"));
    }

    private static HeldKey read(String name, Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String fileName = file.getFileName().toString();
        String baseName = fileName.substring(0, fileName.lastIndexOf('.'));
        SigningKey parsed;
        try {
            parsed = SigningKeys.parseWithMetadata(text);
        } catch (InvalidJwtInputException e) {
            // The rule only, never the text.
            throw new IllegalArgumentException(file + ": " + e.violations().get(0).rule());
        }
        String keyId = parsed.keyId() != null ? parsed.keyId() : baseName;
        return new HeldKey(name, keyId, SigningKeys.parse(text), text);
    }

    /** Every held key, for the JWKS. */
    List<HeldKey> all() {
        return byName.values().stream().flatMap(List::stream).toList();
    }

    /** The key that signs for {@code name}: the last in kid order. */
    HeldKey active(String name) {
        List<HeldKey> keys = byName.get(name);
        if (keys == null) {
            return null;
        }
        return keys.stream().max((a, b) -> a.keyId().compareTo(b.keyId())).orElseThrow();
    }

    /** Swaps {@code keyName} for the key it names; the default {@code privateKeyId} is its kid. */
    @Override
    public Map<String, ?> prepare(Map<String, ?> input) {
        Object keyName = input.get(KEY_NAME);
        if (keyName == null) {
            return input;
        }
        if (input.get(JwtRequestReader.PRIVATE_KEY) != null) {
            throw new InvalidJwtInputException(KEY_NAME, "give keyName or privateKey, not both");
        }
        if (!(keyName instanceof String name) || name.isBlank()) {
            throw new InvalidJwtInputException(KEY_NAME, "must be a non-empty string");
        }
        HeldKey key = active(name.strip());
        if (key == null) {
            throw new InvalidJwtInputException(
                    KEY_NAME,
                    "this worker holds no key named '"
                            + name.strip()
                            + "' (it holds: "
                            + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet()))
                            + ")");
        }
        Map<String, Object> prepared = new HashMap<>(input);
        prepared.remove(KEY_NAME);
        prepared.put(JwtRequestReader.PRIVATE_KEY, key.text());
        prepared.putIfAbsent(JwtRequestReader.PRIVATE_KEY_ID, key.keyId());
        return prepared;
    }
}
