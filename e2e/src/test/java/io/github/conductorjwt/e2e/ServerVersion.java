package io.github.conductorjwt.e2e;

import java.util.Arrays;

/** A Conductor OSS release number such as {@code 3.32.3}, ordered as releases are. */
record ServerVersion(String text, int[] parts) implements Comparable<ServerVersion> {

    /** The first release that resolves {@code ${workflow.secrets.*}} (README, task reference). */
    static final ServerVersion SECRETS_SINCE = parse("3.31.2");

    static ServerVersion parse(String text) {
        return new ServerVersion(
                text, Arrays.stream(text.split("\\.")).mapToInt(Integer::parseInt).toArray());
    }

    boolean hasSecrets() {
        return compareTo(SECRETS_SINCE) >= 0;
    }

    @Override
    public int compareTo(ServerVersion other) {
        return Arrays.compare(parts, other.parts);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerVersion version && Arrays.equals(parts, version.parts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(parts);
    }

    @Override
    public String toString() {
        return text;
    }
}
