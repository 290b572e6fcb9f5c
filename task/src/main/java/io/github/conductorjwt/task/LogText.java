package io.github.conductorjwt.task;

/**
 * Text fit for one log line. A line break (or any control, line-separator or format character, such
 * as a bidi override) in a file name or setting could otherwise forge a second log line or hide
 * part of one; such characters are shown as {@code \\uXXXX} escapes instead.
 */
public final class LogText {

    private LogText() {}

    /** {@code value}'s text with every unprintable character escaped. */
    public static String of(Object value) {
        String text = String.valueOf(value);
        if (isClean(text)) {
            return text;
        }
        StringBuilder clean = new StringBuilder(text.length() + 16);
        text.codePoints()
                .forEach(
                        c -> {
                            if (isUnprintable(c)) {
                                clean.append(String.format("\\u%04X", c));
                            } else {
                                clean.appendCodePoint(c);
                            }
                        });
        return clean.toString();
    }

    /** Whether {@code text} holds no character that {@link #of} would escape. */
    public static boolean isClean(String text) {
        return text.codePoints().noneMatch(LogText::isUnprintable);
    }

    private static boolean isUnprintable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.FORMAT ->
                    true;
            default -> false;
        };
    }
}
