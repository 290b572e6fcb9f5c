package io.github.conductorjwt.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings that make stock server nodes one cluster on a shared PostgreSQL database: data,
 * queues, index and the workflow execution lock all in it. The jar's default lock, {@code
 * local_only}, locks one JVM only, so two nodes would decide the same workflow at once.
 */
public final class PostgresSettings {

    private PostgresSettings() {}

    /**
     * The {@link ConductorServer#DOCUMENTED_SETTINGS} plus the cluster's, as {@code --name=value}.
     */
    public static List<String> forDatabase(String jdbcUrl, String username, String password) {
        List<String> settings = new ArrayList<>(ConductorServer.DOCUMENTED_SETTINGS);
        settings.addAll(
                List.of(
                        "--conductor.db.type=postgres",
                        "--conductor.queue.type=postgres",
                        "--conductor.indexing.type=postgres",
                        "--conductor.workflow-execution-lock.type=postgres",
                        "--spring.datasource.url=" + jdbcUrl,
                        "--spring.datasource.username=" + username,
                        "--spring.datasource.password=" + password));
        return List.copyOf(settings);
    }
}
