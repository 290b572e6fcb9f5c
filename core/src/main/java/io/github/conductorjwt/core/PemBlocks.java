package io.github.conductorjwt.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds PEM blocks in key text in one forward pass, tolerant of line breaks that were lost or
 * flattened on the way (environment variables, JSON). Linear in the text: each BEGIN line is looked
 * at once, its type is at most {@link #MAX_TYPE_CHARS} long, and a BEGIN without its END ends the
 * scan rather than being retried from the next BEGIN (what a backtracking regex would do).
 */
final class PemBlocks {

    /** One block: its type ({@code PRIVATE KEY}) and its body between the armour lines. */
    record Block(String type, String body) {}

    /** Longer than any type RFC 7468 or OpenSSL writes ({@code ENCRYPTED PRIVATE KEY}: 21). */
    static final int MAX_TYPE_CHARS = 40;

    private static final String BEGIN = "-----BEGIN ";
    private static final String DASHES = "-----";

    private PemBlocks() {}

    /**
     * @return the complete blocks in order; empty when there is none
     * @throws KeyException when a BEGIN line has no END line
     */
    static List<Block> find(String text) {
        List<Block> blocks = new ArrayList<>();
        int from = 0;
        while (true) {
            int begin = text.indexOf(BEGIN, from);
            if (begin < 0) {
                return blocks;
            }
            int typeStart = begin + BEGIN.length();
            int typeEnd = typeEnd(text, typeStart);
            if (typeEnd < 0) {
                from = typeStart;
                continue;
            }
            String type = text.substring(typeStart, typeEnd);
            String end = "-----END " + type + DASHES;
            int bodyStart = typeEnd + DASHES.length();
            int endAt = text.indexOf(end, bodyStart);
            if (endAt < 0) {
                throw new KeyException("has a PEM BEGIN line without its END line");
            }
            blocks.add(new Block(type, text.substring(bodyStart, endAt)));
            from = endAt + end.length();
        }
    }

    /** Where the type after BEGIN ends (its closing dashes), or -1 when it is no PEM type. */
    private static int typeEnd(String text, int typeStart) {
        int limit = Math.min(text.length(), typeStart + MAX_TYPE_CHARS + 1);
        for (int i = typeStart; i < limit; i++) {
            char c = text.charAt(i);
            if (c == '-') {
                return i > typeStart && text.startsWith(DASHES, i) ? i : -1;
            }
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ')) {
                return -1;
            }
        }
        return -1;
    }
}
