package io.github.conductorjwt.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Two stock server nodes with the plugin on one real PostgreSQL (embedded: its server binaries come
 * from Maven Central, no Docker), with the production settings of docs/production.md ({@link
 * PostgresSettings}). {@link #api()} hands out the nodes' APIs in turn, so workflows start
 * alternately on both.
 */
public final class PostgresCluster implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Path serverJar;
    private final List<String> settings;
    private final Map<String, String> environment;
    private final List<ConductorServer> nodes;
    private final List<ConductorApi> apis;
    private final AtomicInteger next = new AtomicInteger();

    private PostgresCluster(
            EmbeddedPostgres postgres,
            Path serverJar,
            List<String> settings,
            Map<String, String> environment,
            List<ConductorServer> nodes) {
        this.postgres = postgres;
        this.serverJar = serverJar;
        this.settings = settings;
        this.environment = environment;
        this.nodes = nodes;
        this.apis = nodes.stream().map(node -> new ConductorApi(node.baseUri())).toList();
    }

    /**
     * PostgreSQL, then nodes A and B with the plugin jars in {@code pluginDir} and {@code
     * environment} (the secrets).
     */
    public static PostgresCluster start(
            Path serverJar, Path pluginDir, Map<String, String> environment) {
        Instant started = Instant.now();
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("PostgreSQL up after %s%n", Duration.between(started, Instant.now()));
        List<String> settings =
                PostgresSettings.forDatabase(
                        postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
        // A migrates the empty database; B starts once A's Flyway has made its history table.
        // Started together, B can see no table and then A's tables, baseline, and exit with
        // "Unable to baseline schema history table ... already exists, and is empty" (seen in CI).
        // With the table there, B's Flyway waits on A's migration lock instead.
        CompletableFuture<ConductorServer> startingA =
                CompletableFuture.supplyAsync(
                        () -> startNode(serverJar, settings, pluginDir, environment));
        ConductorServer nodeB;
        try {
            awaitSchemaHistory(postgres, startingA);
            nodeB = startNode(serverJar, settings, pluginDir, environment);
        } catch (RuntimeException e) {
            startingA.thenAccept(ConductorServer::close);
            close(postgres);
            throw e;
        }
        ConductorServer nodeA;
        try {
            nodeA = startingA.join();
        } catch (RuntimeException e) {
            nodeB.close();
            close(postgres);
            throw e;
        }
        System.out.printf(
                "Cluster (PostgreSQL + 2 nodes) up after %s%n",
                Duration.between(started, Instant.now()));
        return new PostgresCluster(
                postgres, serverJar, settings, environment, List.of(nodeA, nodeB));
    }

    /** Returns once Flyway's history table holds a row, or once node A's start has ended. */
    private static void awaitSchemaHistory(
            EmbeddedPostgres postgres, CompletableFuture<ConductorServer> startingA) {
        DataSource database = postgres.getPostgresDatabase();
        while (!startingA.isDone()) {
            try (Connection connection = database.getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows =
                            statement.executeQuery(
                                    "select exists (select 1 from flyway_schema_history)")) {
                if (rows.next() && rows.getBoolean(1)) {
                    return;
                }
            } catch (SQLException e) {
                // No history table yet.
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while node A migrated", e);
            }
        }
        startingA.join(); // A's failure, if it failed, is the cause to report.
    }

    /**
     * One more node on the same database: one without the plugin ({@code pluginDir} null), say, or
     * without a secret. The caller closes it.
     */
    public ConductorServer startNode(Path pluginDir, Map<String, String> environment) {
        return startNode(serverJar, settings, pluginDir, environment);
    }

    private static ConductorServer startNode(
            Path serverJar,
            List<String> settings,
            Path pluginDir,
            Map<String, String> environment) {
        ConductorServer node = ConductorServer.start(serverJar, pluginDir, environment, settings);
        System.out.printf(
                "Node %s (plugin: %s) healthy after %s%n",
                node.baseUri(), pluginDir != null, node.startTime());
        return node;
    }

    /** The settings every node of this cluster runs with, its database's address among them. */
    public List<String> settings() {
        return settings;
    }

    /** The environment nodes A and B run with. */
    public Map<String, String> environment() {
        return environment;
    }

    /** Node 0 is A, node 1 is B. */
    public ConductorServer node(int index) {
        return nodes.get(index);
    }

    /** The API of node {@code i % 2}: even numbers A, odd B. */
    public ConductorApi api(int i) {
        return apis.get(Math.floorMod(i, apis.size()));
    }

    /** The next node's API, A and B in turn. */
    public ConductorApi api() {
        return api(next.getAndIncrement());
    }

    /** Both nodes' logs, A's first. */
    public String log() {
        StringBuilder logs = new StringBuilder();
        nodes.forEach(node -> logs.append(node.log()).append('\n'));
        return logs.toString();
    }

    @Override
    public void close() {
        nodes.forEach(ConductorServer::close);
        close(postgres);
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
