package io.github.conductorjwt.bench;

import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.TestKeys;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The core as it was at a git commit, for a before/after in one run: that commit's {@code
 * core/src/main} taken from git ({@code git archive}, which leaves the repository and its worktrees
 * untouched), compiled in-process against this JVM's class path (the same JJWT, Jackson, Caffeine,
 * BouncyCastle and ACCP the current core runs on), and loaded by a {@link #loader class loader} of
 * its own. No Maven build and nothing installed: the local repository is shared.
 */
public final class BaselineCore {

    /** The system property the JMH forks find the compiled baseline's classes directory in. */
    static final String CLASSES_PROPERTY = "conductorjwt.bench.baseline.classes";

    static final String CORE_PACKAGE = "io.github.conductorjwt.core.";

    private static final String SOURCES = "core/src/main";
    private static final String COMPLETE = ".complete";

    private BaselineCore() {}

    /**
     * Whether this checkout's git history holds {@code commit}: a shallow clone or a source archive
     * has no baseline to compile.
     */
    static boolean available(String commit) {
        try {
            git("rev-parse", "--quiet", "--verify", commit + "^{commit}");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The classes directory of the core at {@code commit}, compiled under {@code workDir} unless a
     * previous run already did.
     *
     * @throws IOException when git or the compiler fails (no repository, an unknown commit)
     */
    static Path compile(String commit, Path workDir) throws IOException {
        String sha = git("rev-parse", "--verify", commit + "^{commit}").strip();
        // Paths in git archive are relative to the working directory: name them from the top.
        String top = git("rev-parse", "--show-toplevel").strip();
        Path root = workDir.resolve(sha).toAbsolutePath();
        Path classes = root.resolve("classes");
        if (Files.exists(classes.resolve(COMPLETE))) {
            return classes;
        }
        Path sources = root.resolve("src");
        unzip(gitBytes("-C", top, "archive", "--format=zip", sha, SOURCES), sources);
        List<String> javaFiles;
        try (Stream<Path> files = Files.walk(sources.resolve(SOURCES).resolve("java"))) {
            javaFiles =
                    files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IOException("no Java compiler in this JVM (a JRE, not a JDK)");
        }
        List<String> arguments = new ArrayList<>();
        // As the build compiles the core (maven-compiler-plugin: parameters true).
        arguments.addAll(
                List.of(
                        "-parameters",
                        "-proc:none",
                        "-nowarn",
                        "-d",
                        classes.toString(),
                        "-cp",
                        dependencyClassPath()));
        arguments.addAll(javaFiles);
        if (javac.run(null, null, null, arguments.toArray(String[]::new)) != 0) {
            throw new IOException("the core at " + sha + " does not compile (javac output above)");
        }
        Path resources = sources.resolve(SOURCES).resolve("resources");
        if (Files.isDirectory(resources)) {
            try (Stream<Path> files = Files.walk(resources)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path target = classes.resolve(resources.relativize(file).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
        }
        Files.writeString(classes.resolve(COMPLETE), sha, StandardCharsets.UTF_8);
        return classes;
    }

    /**
     * A loader that takes every class of the core's package from {@code classes} only, never from
     * the parent (a class the baseline lacks is not found, rather than mixed in from the current
     * core), and everything else (JJWT, Jackson, ACCP, the JDK) from the parent.
     */
    static ClassLoader loader(Path classes, ClassLoader parent) {
        try {
            return new CoreFirst(classes.toUri().toURL(), parent);
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The loader of the baseline whose classes directory {@link #CLASSES_PROPERTY} names. */
    static ClassLoader fromProperty() {
        String classes = System.getProperty(CLASSES_PROPERTY);
        if (classes == null) {
            throw new IllegalStateException(
                    "no baseline core: -D" + CLASSES_PROPERTY + " names none");
        }
        return loader(Path.of(classes), BaselineCore.class.getClassLoader());
    }

    private static final class CoreFirst extends URLClassLoader {

        static {
            registerAsParallelCapable();
        }

        CoreFirst(URL classes, ClassLoader parent) {
            super("baseline-core", new URL[] {classes}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(CORE_PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }

    /** This JVM's class path without the current core's classes and its test-jar. */
    private static String dependencyClassPath() {
        Set<Path> current = Set.of(location(JwtSigner.class), location(TestKeys.class));
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !current.contains(Path.of(entry).toAbsolutePath()))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void unzip(byte[] zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("an archive entry outside its directory");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.write(target, in.readAllBytes());
                }
            }
        }
    }

    private static String git(String... arguments) throws IOException {
        return new String(gitBytes(arguments), StandardCharsets.UTF_8);
    }

    private static byte[] gitBytes(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        Process process =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out;
        try (InputStream stdout = process.getInputStream()) {
            out = stdout.readAllBytes();
        }
        try {
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }
}
