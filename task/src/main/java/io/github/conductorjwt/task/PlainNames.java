package io.github.conductorjwt.task;

/**
 * The one test of whether a name taken from a workflow definition may be quoted in a reason or a
 * log line: short, and made of {@code [A-Za-z0-9_.-]} only, so it can neither carry a key nor forge
 * a log line.
 */
final class PlainNames {

    private PlainNames() {}

    static boolean isPlain(String name, int maxChars) {
        if (name == null || name.isEmpty() || name.length() > maxChars) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean plain =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == '_'
                            || c == '-'
                            || c == '.';
            if (!plain) {
                return false;
            }
        }
        return true;
    }
}
