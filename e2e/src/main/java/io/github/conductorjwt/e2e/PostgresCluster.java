package io.github.conductorjwt.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

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
        // Side by side: Flyway holds a PostgreSQL lock while one of them migrates the database.
        CompletableFuture<ConductorServer> startingB =
                CompletableFuture.supplyAsync(
                        () -> startNode(serverJar, settings, pluginDir, environment));
        ConductorServer nodeA;
        try {
            nodeA = startNode(serverJar, settings, pluginDir, environment);
        } catch (RuntimeException e) {
            startingB.thenAccept(ConductorServer::close);
            close(postgres);
            throw e;
        }
        ConductorServer nodeB;
        try {
            nodeB = startingB.join();
        } catch (RuntimeException e) {
            nodeA.close();
            close(postgres);
            throw e;
        }
        System.out.printf(
                "Cluster (PostgreSQL + 2 nodes) up after %s%n",
                Duration.between(started, Instant.now()));
        return new PostgresCluster(
                postgres, serverJar, settings, environment, List.of(nodeA, nodeB));
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
