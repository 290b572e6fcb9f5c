package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Which stock Conductor OSS server versions the plugin and the worker run on, measured: each
 * version's boot jar (fetched by e2e's {@code server-versions} profile) started in turn, once with
 * the plugin on its {@code loader.topology} and the worker beside it, once unchanged with the
 * worker alone, the {@link ServerVersionCases} run against each. Prints one row per version,
 * topology and case; fails only where a claimed version fails.
 *
 * <p>{@code mvn -B -pl e2e -am -Pserver-versions verify} (under {@code flock
 * /tmp/conductor-e2e.lock}); {@code -Dserver.versions=3.32.2,3.32.3} runs a subset.
 */
class ServerVersionsRun {

    /**
     * A version that ships SQLite as its store (3.32.x) runs as it ships, on a throw-away file
     * ({@link ConductorServer}); one that does not (3.21.x ships an in-memory store with a Redis
     * queue) gets the SQLite lines its own application.properties has commented out, but for
     * indexing (3.21.x then starts an Elasticsearch 7 DAO beside SQLite's). Without the pool of one
     * connection 3.21.x's SQLite store fails writes with SQLITE_BUSY.
     */
    static final List<String> SQLITE_FOR_OLDER =
            List.of(
                    "--spring.datasource.hikari.maximum-pool-size=1",
                    "--conductor.db.type=sqlite",
                    "--conductor.queue.type=sqlite");

    private static final String JAR = "conductor-server-boot.jar";
    private static final String STARTS = "server starts";

    /**
     * How GET_SIGNED_JWT runs: the plugin in the server (held keys handed to the worker), or the
     * worker alone beside an unchanged server.
     */
    enum Topology {
        PLUGIN("plugin + worker"),
        WORKER("worker alone");

        final String label;

        Topology(String label) {
            this.label = label;
        }
    }

    private record Row(
            ServerVersion version, Topology topology, String step, boolean passed, String detail) {}

    @Test
    void everyClaimedVersionRunsThePluginAndTheWorker() throws IOException {
        Set<ServerVersion> claimed = versions("conductorjwt.server.versions.claimed");
        List<Row> rows = new ArrayList<>();
        for (ServerVersion version : selected()) {
            for (Topology topology : Topology.values()) {
                rows.addAll(run(version, topology));
            }
        }
        print(rows, claimed);

        assertThat(rows).isNotEmpty();
        assertThat(
                        rows.stream()
                                .filter(row -> !row.passed() && claimed.contains(row.version()))
                                .map(
                                        row ->
                                                row.version()
                                                        + " "
                                                        + row.topology().label
                                                        + " "
                                                        + row.step()
                                                        + ": "
                                                        + row.detail()))
                .as("claimed versions that failed")
                .isEmpty();
    }

    private static List<Row> run(ServerVersion version, Topology topology) {
        Path jar = versionsDir().resolve(version.text()).resolve(JAR);
        List<String> settings = new ArrayList<>(ConductorServer.DOCUMENTED_SETTINGS);
        if (!shipsSqlite(jar)) {
            settings.addAll(SQLITE_FOR_OLDER);
        }
        List<Row> rows = new ArrayList<>();
        ConductorServer server;
        try {
            server =
                    ConductorServer.start(
                            jar,
                            topology == Topology.PLUGIN
                                    ? Path.of(System.getProperty("conductorjwt.plugin.dir"))
                                    : null,
                            ServerVersionCases.serverEnvironment(),
                            settings);
        } catch (RuntimeException e) {
            rows.add(new Row(version, topology, STARTS, false, startFailure(e)));
            return rows;
        }
        try (server;
                HeldKeyWorker worker = HeldKeyWorker.start(server.baseUri())) {
            rows.add(
                    new Row(
                            version,
                            topology,
                            STARTS,
                            true,
                            "healthy after " + server.startTime().toSeconds() + " s"));
            ConductorApi api = EndToEnd.registered(server);
            api.putWorkflowDefs(ServerVersionCases.workflowDefs(EndToEnd.workflows()));
            for (ServerVersionCases.Case next : ServerVersionCases.all()) {
                rows.add(attempt(version, topology, api, next));
            }
            if (rows.stream().anyMatch(row -> !row.passed())) {
                keepLogs(version, topology, server.log(), worker.log());
            }
        } catch (RuntimeException e) {
            rows.add(new Row(version, topology, "set-up (register, worker)", false, oneLine(e)));
        }
        return rows;
    }

    /** Whether the boot jar's own application.properties makes SQLite the store. */
    static boolean shipsSqlite(Path jar) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            java.util.Properties properties = new java.util.Properties();
            try (java.io.InputStream in =
                    zip.getInputStream(zip.getEntry("BOOT-INF/classes/application.properties"))) {
                properties.load(in);
            }
            return "sqlite".equals(properties.getProperty("conductor.db.type"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The logs of a run with a failed case, kept beside the jars for the reason behind it. */
    private static void keepLogs(
            ServerVersion version, Topology topology, String serverLog, String workerLog) {
        String name = version + "-" + topology.name().toLowerCase(java.util.Locale.ROOT);
        try {
            Files.writeString(versionsDir().resolve(name + "-server.log"), serverLog);
            Files.writeString(versionsDir().resolve(name + "-worker.log"), workerLog);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Row attempt(
            ServerVersion version, Topology topology, ConductorApi api, ServerVersionCases.Case c) {
        try {
            return new Row(version, topology, c.name(), true, c.check().run(version, api));
        } catch (Exception | AssertionError e) {
            return new Row(version, topology, c.name(), false, oneLine(e));
        }
    }

    /**
     * Spring Boot's own account of a failed start (its "Description:" paragraph), else the
     * exception's first line.
     */
    static String startFailure(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        int description = message.indexOf("Description:");
        int action = message.indexOf("Action:", Math.max(description, 0));
        if (description >= 0 && action > description) {
            return message.substring(description + "Description:".length(), action)
                    .strip()
                    .replaceAll("\\s+", " ");
        }
        return message.lines().findFirst().orElse(e.toString());
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.strip().replaceAll("\\s+", " ");
    }

    private static void print(List<Row> rows, Set<ServerVersion> claimed) {
        StringBuilder table =
                new StringBuilder(
                        "\n| server | topology | case | result |\n| --- | --- | --- | --- |\n");
        for (Row row : rows) {
            table.append("| ")
                    .append(row.version())
                    .append(claimed.contains(row.version()) ? "" : " (not claimed)")
                    .append(" | ")
                    .append(row.topology().label)
                    .append(" | ")
                    .append(row.step())
                    .append(" | ")
                    .append(row.passed() ? "passed: " : "FAILED: ")
                    .append(row.detail().replace("|", "\\|"))
                    .append(" |\n");
        }
        System.out.println(table);
    }

    /** The versions asked for, else every one the profile fetched; oldest first. */
    private static List<ServerVersion> selected() throws IOException {
        Set<ServerVersion> asked = versions("conductorjwt.server.versions");
        try (Stream<Path> dirs = Files.list(versionsDir())) {
            List<ServerVersion> fetched =
                    dirs.filter(dir -> Files.isRegularFile(dir.resolve(JAR)))
                            .map(dir -> ServerVersion.parse(dir.getFileName().toString()))
                            .sorted()
                            .toList();
            List<ServerVersion> missing =
                    asked.stream().filter(version -> !fetched.contains(version)).toList();
            assertThat(missing)
                    .as(
                            "versions without a boot jar in %s: add them to the server-versions"
                                    + " profile in e2e/pom.xml",
                            versionsDir())
                    .isEmpty();
            return asked.isEmpty() ? fetched : fetched.stream().filter(asked::contains).toList();
        }
    }

    private static Set<ServerVersion> versions(String property) {
        return Arrays.stream(System.getProperty(property, "").split(","))
                .map(String::strip)
                .filter(text -> !text.isEmpty())
                .map(ServerVersion::parse)
                .collect(Collectors.toSet());
    }

    private static Path versionsDir() {
        return Path.of(System.getProperty("conductorjwt.server.versions.dir"));
    }
}
