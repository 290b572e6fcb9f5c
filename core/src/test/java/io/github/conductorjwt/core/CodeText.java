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

    /**
     * The pieces a message is built from: every string constant of core of three characters or
     * more, and the shorter ones of punctuation and spaces (the {@code ": "} after a field name,
     * the {@code "; "} between rules).
     */
    static List<String> pieces() {
        Set<String> pieces = new HashSet<>();
        for (String constant : constants()) {
            // Between the \1 and \2 markers of runtime string concatenation, and a template's
            // format specifiers (%s, %d), the parts are written as they are.
            for (String part : constant.split("[\u0001\u0002]|%[a-z]")) {
                if (part.length() >= 3 || (!part.isEmpty() && part.matches("[\\p{Punct} ]+"))) {
                    pieces.add(part);
                }
            }
        }
        return List.copyOf(pieces);
    }

    /**
     * Which characters of {@code message} the code wrote itself: those inside an occurrence of one
     * of its {@link #pieces}.
     */
    static boolean[] ownCharacters(String message, List<String> pieces) {
        boolean[] own = new boolean[message.length()];
        for (String piece : pieces) {
            for (int at = message.indexOf(piece); at >= 0; at = message.indexOf(piece, at + 1)) {
                java.util.Arrays.fill(own, at, at + piece.length(), true);
            }
        }
        return own;
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
