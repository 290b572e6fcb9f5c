package io.github.conductorjwt.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A {@code loader.path} directory holding this build's plugin jars and one more, built here from
 * test classes and registered as a Spring Boot auto-configuration: how a test puts something into
 * the stock server beside the plugin, loaded by the same class loader.
 */
final class ExtraPluginJar {

    private static final String IMPORTS =
            "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

    private ExtraPluginJar() {}

    /**
     * @param autoConfiguration a test class; it and its nested classes go into the jar
     */
    static Path pluginDirWith(Path dir, Class<?> autoConfiguration) {
        try {
            Path pluginDir = Files.createDirectories(dir.resolve("plugins"));
            try (Stream<Path> jars =
                    Files.list(Path.of(System.getProperty("conductorjwt.plugin.dir")))) {
                for (Path jar : jars.toList()) {
                    Files.copy(jar, pluginDir.resolve(jar.getFileName()));
                }
            }
            Path classes = EndToEnd.classesOf(autoConfiguration);
            String packageDir = autoConfiguration.getPackageName().replace('.', '/');
            String simpleName = autoConfiguration.getSimpleName();
            try (OutputStream file = Files.newOutputStream(pluginDir.resolve("test-extra.jar"));
                    JarOutputStream jar = new JarOutputStream(file);
                    Stream<Path> compiled = Files.list(classes.resolve(packageDir))) {
                for (Path classFile : compiled.toList()) {
                    String name = classFile.getFileName().toString();
                    if (name.equals(simpleName + ".class") || name.startsWith(simpleName + "$")) {
                        jar.putNextEntry(new JarEntry(packageDir + "/" + name));
                        jar.write(Files.readAllBytes(classFile));
                        jar.closeEntry();
                    }
                }
                jar.putNextEntry(new JarEntry(IMPORTS));
                jar.write((autoConfiguration.getName() + "\n").getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
            return pluginDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
