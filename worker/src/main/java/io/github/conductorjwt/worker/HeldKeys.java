package io.github.conductorjwt.worker;

import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.core.JwtInputNames;
import io.github.conductorjwt.core.KeyException;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.SigningKey;
import io.github.conductorjwt.task.InputPreparer;
import io.github.conductorjwt.task.LogText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The keys the worker holds, read from {@code <dir>/<name>/<file>.(pem|json|key)} (at start, and
 * again by {@link KeyReloader}). Several keys may share a name during rotation: the file whose name
 * sorts last (name files by date) is the newest; {@link KeySchedule} says when it signs. A task
 * selects one with the {@code keyName} input, so its workflow never carries key text through
 * Conductor. Each key signs with one algorithm only, the one its JWKS entry publishes.
 */
final class HeldKeys implements InputPreparer {

    /** A key file is a few KB; anything far larger is not one, and is not read. */
    static final long MAX_FILE_BYTES = 64 * 1024;

    /** File names as text, the same on every platform; dated names sort by date. */
    private static final Comparator<Path> BY_FILE_NAME =
            Comparator.comparing(path -> path.getFileName().toString());

    private final Map<String, List<HeldKey>> byName;

    private HeldKeys(Map<String, List<HeldKey>> byName) {
        this.byName = byName;
    }

    static HeldKeys none() {
        return new HeldKeys(Map.of());
    }

    /** These keys, grouped by name in the order given (the last of a name signs). */
    static HeldKeys of(List<HeldKey> keys) {
        Map<String, List<HeldKey>> byName = new TreeMap<>();
        keys.forEach(key -> byName.computeIfAbsent(key.name(), n -> new ArrayList<>()).add(key));
        byName.replaceAll((name, list) -> List.copyOf(list));
        return new HeldKeys(byName);
    }

    /**
     * @param defaultAlgorithm what a key signs with when it fits and the file names none
     * @throws IllegalArgumentException naming every file that holds no key the worker can sign
     *     with, and why; never quoting a file
     */
    static HeldKeys load(Path dir, SigningAlgorithm defaultAlgorithm) {
        Map<String, List<HeldKey>> byName = new TreeMap<>();
        Map<String, Path> fileByKeyId = new HashMap<>();
        // Every bad file at once, in the order read: one failed start (or reload) to fix them all.
        List<String> problems = new ArrayList<>();
        try (Stream<Path> names = Files.list(dir)) {
            for (Path nameDir : names.filter(Files::isDirectory).sorted(BY_FILE_NAME).toList()) {
                String name = nameDir.getFileName().toString();
                if (!LogText.isClean(name)) {
                    problems.add(
                            invalid(nameDir, "a key name must not contain control characters")
                                    .getMessage());
                    continue;
                }
                List<HeldKey> keys = new ArrayList<>();
                try (Stream<Path> files = Files.list(nameDir)) {
                    for (Path file :
                            files.filter(HeldKeys::isKeyFile).sorted(BY_FILE_NAME).toList()) {
                        HeldKey key;
                        try {
                            key = read(name, file, defaultAlgorithm);
                        } catch (IllegalArgumentException e) {
                            problems.add(e.getMessage());
                            continue;
                        }
                        Path other = fileByKeyId.putIfAbsent(key.keyId(), file);
                        if (other != null) {
                            problems.add(
                                    invalid(file, "has the same kid as " + LogText.of(other))
                                            .getMessage());
                            continue;
                        }
                        keys.add(key);
                    }
                }
                if (!keys.isEmpty()) {
                    byName.put(name, List.copyOf(keys));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read keys from "
                            + LogText.of(dir)
                            + " ("
                            + e.getClass().getName()
                            + ")",
                    e);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new HeldKeys(byName);
    }

    private static boolean isKeyFile(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file)
                && (name.endsWith(".pem") || name.endsWith(".json") || name.endsWith(".key"));
    }

    private static HeldKey read(String name, Path file, SigningAlgorithm defaultAlgorithm)
            throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw invalid(
                    file, "is larger than " + MAX_FILE_BYTES + " bytes; a key file is a few KB");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw invalid(file, "is not UTF-8 text (PEM, JWK or service-account JSON)");
        }
        String fileName = file.getFileName().toString();
        String baseName = fileName.substring(0, fileName.lastIndexOf('.'));
        SigningKey parsed;
        SigningAlgorithm algorithm;
        try {
            parsed = SigningKey.parse(text);
            algorithm =
                    HeldKeyAlgorithm.choose(
                            (PrivateKey) parsed.key(),
                            defaultAlgorithm,
                            parsed.declaredAlgorithm());
            // The test a task's key is put to, so one that could never sign stops the start.
            algorithm.check(parsed);
        } catch (KeyException e) {
            throw invalid(file, e.rule());
        } catch (IllegalArgumentException e) {
            throw invalid(file, e.getMessage());
        }
        String keyId = parsed.keyId() != null ? parsed.keyId() : baseName;
        if (!LogText.isClean(keyId)) {
            throw invalid(file, "its kid must not contain control characters");
        }
        return HeldKey.of(
                name,
                keyId,
                algorithm,
                (PrivateKey) parsed.key(),
                text,
                Files.getLastModifiedTime(file).toInstant());
    }

    private static IllegalArgumentException invalid(Path file, String rule) {
        return new IllegalArgumentException(LogText.of(file + ": " + rule));
    }

    /** Every held key, for the JWKS. */
    List<HeldKey> all() {
        return byName.values().stream().flatMap(List::stream).toList();
    }

    /** The names of the held keys, sorted. */
    Set<String> names() {
        return byName.keySet();
    }

    /** The key that signs for {@code name}: the last in file-name order. */
    HeldKey active(String name) {
        List<HeldKey> keys = byName.get(name);
        return keys == null ? null : keys.get(keys.size() - 1);
    }

    /**
     * Swaps {@code keyName} for the key it names: {@code privateKeyId} defaults to its kid, {@code
     * algorithm} to its algorithm, and any other algorithm is refused. Reasons name the held key
     * (an operator's directory name), never the input.
     */
    @Override
    public Map<String, ?> prepare(Map<String, ?> input) {
        return prepare(input, Set.of());
    }

    /**
     * As {@link #prepare(Map)}, for a worker that also holds {@code alsoHeld} (PKCS#11 keys, Google
     * accounts), which an unknown name's refusal lists too.
     */
    Map<String, ?> prepare(Map<String, ?> input, Set<String> alsoHeld) {
        Object keyName = input.get(JwtInputNames.KEY_NAME);
        if (keyName == null) {
            return input;
        }
        if (input.get(JwtInputNames.PRIVATE_KEY) != null) {
            throw new InvalidJwtInputException(
                    JwtInputNames.KEY_NAME, "give keyName or privateKey, not both");
        }
        if (!(keyName instanceof String name) || name.isBlank()) {
            throw new InvalidJwtInputException(
                    JwtInputNames.KEY_NAME, "must be a non-empty string");
        }
        HeldKey key = active(name.strip());
        if (key == null) {
            Set<String> held = new TreeSet<>(byName.keySet());
            held.addAll(alsoHeld);
            throw new InvalidJwtInputException(
                    JwtInputNames.KEY_NAME,
                    "this worker holds no key by that name (it holds: "
                            + (held.isEmpty() ? "none" : String.join(", ", held))
                            + ")");
        }
        Object algorithm = input.get(JwtInputNames.ALGORITHM);
        if (algorithm != null
                && !(algorithm instanceof String text
                        && text.strip().equalsIgnoreCase(key.algorithm().name()))) {
            throw new InvalidJwtInputException(
                    JwtInputNames.ALGORITHM,
                    "held key '"
                            + key.name()
                            + "' signs with "
                            + key.algorithm().name()
                            + " only, as the worker's JWKS publishes; leave algorithm out or give"
                            + " that");
        }
        Map<String, Object> prepared = new HashMap<>(input);
        prepared.remove(JwtInputNames.KEY_NAME);
        prepared.put(JwtInputNames.PRIVATE_KEY, key.text());
        prepared.put(JwtInputNames.ALGORITHM, key.algorithm().name());
        prepared.putIfAbsent(JwtInputNames.PRIVATE_KEY_ID, key.keyId());
        return prepared;
    }
}
