package io.github.conductorjwt.e2e;

import io.github.conductorjwt.core.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A worker's key directory ({@code <name>/<kid>.pem}) in a temporary folder, removed with
 * everything in it on {@link #close()} so no key outlives the run.
 */
public final class HeldKeyDir implements AutoCloseable {

    private final Path path;

    private HeldKeyDir(Path path) {
        this.path = path;
    }

    public static HeldKeyDir create() {
        try {
            return new HeldKeyDir(Files.createTempDirectory("held-keys-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code key} as {@code <name>/<kid>.pem}. */
    public HeldKeyDir add(String name, String kid, DemoKey key) {
        return add(name, kid, key.pair());
    }

    /** Writes {@code pair}'s private half as {@code <name>/<kid>.pem}, PKCS#8: an EC key, say. */
    public HeldKeyDir add(String name, String kid, java.security.KeyPair pair) {
        try {
            Path dir = Files.createDirectories(path.resolve(name));
            Files.writeString(dir.resolve(kid + ".pem"), TestKeys.pkcs8Pem(pair));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Dates every key file {@code age} back, as keys in place that long: past the worker's
     * pre-publication delay, so the newest of a name signs from the start.
     */
    public HeldKeyDir writtenAgo(Duration age) {
        FileTime written = FileTime.from(Instant.now().minus(age));
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, written);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        deleteRecursively(path);
    }

    /** Best effort: these are temporary directories. */
    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Already gone, or unreadable: nothing more to do.
        }
    }
}
