package io.github.conductorjwt.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The requests a server answered, counted by what they were for, from its Tomcat access log: the
 * worker's polls (empty ones apart) and updates beside the load run's own starts and reads, counted
 * where they cost, whoever sent them.
 */
final class RequestLog implements AutoCloseable {

    /** What a request was for. */
    enum Kind {
        START,
        /** The load run's read of a workflow that has ended. */
        STATUS,
        /** The load run's read of which workflows still run (one for all in flight). */
        RUNNING,
        POLL,
        /** A poll answered with no task, {@code []}. */
        EMPTY_POLL,
        UPDATE,
        OTHER
    }

    /**
     * An empty batch poll's answer, {@code []}, as Tomcat counts it: chunk framing included (12
     * bytes); a task is hundreds.
     */
    private static final int EMPTY_LIST_BYTES = 12;

    private final Path dir;

    private RequestLog(Path dir) {
        this.dir = dir;
    }

    static RequestLog create() {
        try {
            return new RequestLog(Files.createTempDirectory("conductor-requests-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The server's settings with the access log on: one line per request (method, path without
     * query, status, body bytes), written as it is answered, into one file.
     */
    List<String> serverSettings() {
        List<String> settings = new ArrayList<>(ConductorServer.DOCUMENTED_SETTINGS);
        settings.addAll(
                List.of(
                        "--server.tomcat.accesslog.enabled=true",
                        "--server.tomcat.accesslog.directory=" + dir.toAbsolutePath(),
                        "--server.tomcat.accesslog.prefix=access",
                        "--server.tomcat.accesslog.suffix=.log",
                        "--server.tomcat.accesslog.rotate=false",
                        "--server.tomcat.accesslog.buffered=false",
                        "--server.tomcat.accesslog.pattern=%m %U %s %b"));
        return settings;
    }

    /** Requests answered so far, by kind. */
    Map<Kind, Long> counts() {
        Map<Kind, Long> counts = new EnumMap<>(Kind.class);
        Path file = dir.resolve("access.log");
        if (!Files.exists(file)) {
            return counts;
        }
        try (Stream<String> lines = Files.lines(file)) {
            lines.forEach(line -> counts.merge(kind(line), 1L, Long::sum));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }

    static Kind kind(String line) {
        String[] f = line.split(" ");
        if (f.length < 4) {
            return Kind.OTHER;
        }
        String method = f[0];
        String path = f[1];
        if (method.equals("GET") && path.startsWith("/api/tasks/poll/")) {
            return bytes(f[3]) <= EMPTY_LIST_BYTES ? Kind.EMPTY_POLL : Kind.POLL;
        }
        if (method.equals("POST") && path.equals("/api/tasks")) {
            return Kind.UPDATE;
        }
        if (method.equals("GET") && path.startsWith("/api/workflow/running/")) {
            return Kind.RUNNING;
        }
        boolean oneSegment =
                path.startsWith("/api/workflow/")
                        && path.indexOf('/', "/api/workflow/".length()) < 0;
        if (oneSegment && method.equals("POST")) {
            return Kind.START;
        }
        if (oneSegment && method.equals("GET")) {
            return Kind.STATUS;
        }
        return Kind.OTHER;
    }

    private static long bytes(String field) {
        try {
            return Long.parseLong(field);
        } catch (NumberFormatException e) {
            return 0; // "-": nothing sent
        }
    }

    @Override
    public void close() {
        HeldKeyDir.deleteRecursively(dir);
    }
}
