package io.github.conductorjwt.core;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The text core's own code carries: every string constant of its classes (message templates, input
 * names, PEM armour, algorithm names), read from their class files' constant pools, so no list of
 * them is kept by hand. A message may say these; an input that happens to contain one is not quoted
 * by it.
 */
final class CodeText {

    private CodeText() {}

    /** Every run of {@code length} characters inside one of core's string constants. */
    static Set<String> windows(int length) {
        Set<String> windows = new HashSet<>();
        for (String constant : constants()) {
            // Runtime string concatenation keeps its constant parts between \1 and \2 markers.
            for (String part : constant.split("[\u0001\u0002]")) {
                for (int i = 0; i + length <= part.length(); i++) {
                    windows.add(part.substring(i, i + length));
                }
            }
        }
        return windows;
    }

    private static List<String> constants() {
        Path classes;
        try {
            classes =
                    Path.of(
                                    KeyParser.class
                                            .getProtectionDomain()
                                            .getCodeSource()
                                            .getLocation()
                                            .toURI())
                            .resolve(KeyParser.class.getPackageName().replace('.', '/'));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> constants = new ArrayList<>();
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    constants.addAll(utf8Entries(new DataInputStream(in)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return constants;
    }

    /** The UTF-8 entries of a class file's constant pool (JVMS §4.4). */
    private static List<String> utf8Entries(DataInputStream in) throws IOException {
        in.readInt(); // magic
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        List<String> entries = new ArrayList<>();
        for (int index = 1; index < count; index++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> entries.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    index++; // longs and doubles take two entries
                }
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        return entries;
    }
}
