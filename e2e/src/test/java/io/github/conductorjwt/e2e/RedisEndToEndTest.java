package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The contract on one stock Conductor node whose data, queues and workflow execution lock live in a
 * real Redis ({@link RedisServer}, started here), the plugin on its loader.path: the Redis
 * deployment the production docs describe. Indexing is off (no Elasticsearch or OpenSearch); no
 * contract case searches. One Redis and one server start for the class.
 */
@EnabledIf(
        value = "io.github.conductorjwt.e2e.RedisServer#onPath",
        disabledReason =
                "redis-server is not on the PATH (Debian: apt-get install redis-server);"
                        + " the Redis deployment is not tested here")
class RedisEndToEndTest extends GetSignedJwtContract {

    private RedisServer redis;

    /** The stock server's settings for a Redis on {@code port} of this machine. */
    static List<String> redisSettings(int port) {
        List<String> settings = new ArrayList<>(ConductorServer.DOCUMENTED_SETTINGS);
        settings.addAll(
                List.of(
                        "--conductor.db.type=redis_standalone",
                        "--conductor.queue.type=redis_standalone",
                        "--conductor.redis.hosts=127.0.0.1:" + port + ":us-east-1c",
                        "--conductor.workflow-execution-lock.type=redis",
                        "--conductor.redis-lock.server-address=redis://127.0.0.1:" + port,
                        "--conductor.indexing.enabled=false"));
        return List.copyOf(settings);
    }

    /**
     * The node really keeps its workflows in this Redis: a server that ignored the settings and
     * fell back to its SQLite file would pass the contract and leave Redis empty.
     */
    @Test
    void theWorkflowsAndQueuesLiveInTheRedisTheTestStarted() {
        JsonNode workflow = run(EXAMPLE, exampleInput("read"));

        assertThat(workflow.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(redis.keysContaining(workflow.path("workflowId").asText())).isPositive();
    }

    @Override
    protected Conductor startConductor(Map<String, String> serverEnvironment) {
        redis = RedisServer.start();
        ConductorServer server;
        try {
            server =
                    ConductorServer.start(
                            Path.of(System.getProperty("conductorjwt.server.jar")),
                            Path.of(System.getProperty("conductorjwt.plugin.dir")),
                            serverEnvironment,
                            redisSettings(redis.port()));
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        System.out.printf("Conductor on Redis with plugin healthy after %s%n", server.startTime());
        ServerOnly node = ServerOnly.start(server);
        return new Conductor() {
            @Override
            public ConductorApi api() {
                return node.api();
            }

            @Override
            public java.util.List<ConductorApi> nodes() {
                return node.nodes();
            }

            @Override
            public java.net.URI baseUri() {
                return node.baseUri();
            }

            @Override
            public String log() {
                return node.log();
            }

            /** The server first, then the Redis it was using. */
            @Override
            public void close() {
                try {
                    node.close();
                } finally {
                    redis.close();
                }
            }
        };
    }
}
