package io.github.conductorjwt.worker;

import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.core.SigningProvider;
import io.github.conductorjwt.task.GetSignedJwt;
import io.github.conductorjwt.task.OutputCache;
import io.github.conductorjwt.task.VerifyJwt;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker's settings, from environment variables; a JVM system property of the same name
 * (-DCONDUCTOR_SERVER_URL=...) wins over the environment.
 *
 * @param serverUrl the Conductor API, e.g. {@code http://localhost:8080/api}
 * @param authKey with {@link #authSecret}, for servers that require a token; {@code null} for none
 * @param authSecret see {@link #authKey}
 * @param threads tasks signed at once, per task type
 * @param pollInterval pause after a poll that brought nothing, or while every thread is busy
 * @param pollTimeout how long the server may hold a poll open to fill the batch
 * @param policy max TTL, default algorithm and key cache size
 * @param keysDir the directory of held keys, or {@code null} for none
 * @param jwksAddress where the HTTP port (JWKS, /health, /metrics) listens, or {@code null} for
 *     none
 * @param rotation when held keys are reloaded, published and retired
 * @param outputCacheSize outputs kept for tasks that declare {@code cacheConfig}; 0 for none
 * @param provider what signs: ACCP where it loads (auto), the JDK, or ACCP or refuse to start
 * @param taskTypes the task types polled: GET_SIGNED_JWT's and VERIFY_JWT's, each with its held-key
 *     queue, unless told
 * @param jwksAllowedHosts the hosts a VERIFY_JWT jwksUri may name; empty refuses every jwksUri
 */
public record WorkerSettings(
        String serverUrl,
        String authKey,
        String authSecret,
        int threads,
        Duration pollInterval,
        Duration pollTimeout,
        SigningPolicy policy,
        Path keysDir,
        InetSocketAddress jwksAddress,
        RotationSettings rotation,
        int outputCacheSize,
        SigningProvider.Choice provider,
        List<String> taskTypes,
        List<String> jwksAllowedHosts) {

    public static final String SERVER_URL = "CONDUCTOR_SERVER_URL";
    public static final String AUTH_KEY = "CONDUCTOR_AUTH_KEY";
    public static final String AUTH_SECRET = "CONDUCTOR_AUTH_SECRET";
    public static final String THREADS = "CONDUCTOR_JWT_WORKER_THREADS";
    public static final String POLL_INTERVAL_MS = "CONDUCTOR_JWT_WORKER_POLL_INTERVAL_MS";
    public static final String POLL_TIMEOUT_MS = "CONDUCTOR_JWT_WORKER_POLL_TIMEOUT_MS";

    /**
     * Defaults for a busy server (issue 13): conductor-client 6.0.0 asks for as many tasks as it
     * has free threads and sleeps the poll interval whenever it has none free or a poll brings
     * nothing. Threads cap the tasks signed at once and cost nothing idle; with fewer threads than
     * tasks in flight the rest wait for the next poll (2 threads at 50 ms ran x0.27-0.38 the plugin
     * path in the load run, 8 about x0.5).
     */
    static final int DEFAULT_THREADS = 8;

    /**
     * An idle worker sends one empty poll per task type (two) per interval, each about 1-1.5 ms of
     * the server's CPU and as much of the worker's. In the load run (seven runs, 10, 20, 50 and 100
     * ms in each) the worker path's workflows/s did not differ beyond the noise between 10 and 50
     * ms (means x0.45-0.48 the plugin path's; 100 ms x0.41, lowest on a quiet machine), while an
     * idle worker at 20 ms cost the server about 110 ms and itself about 130 ms of CPU per second,
     * at 50 ms about 45 and 75. The price: a task waits longer for its poll (worker p50 55-64
     * against 26-43 ms at 20 ms on the two quietest runs).
     */
    static final int DEFAULT_POLL_INTERVAL_MS = 50;

    /**
     * No long poll: Conductor 3.32's SQLite and PostgreSQL queues, given any timeout, sleep 100 ms
     * whenever a pop brings fewer tasks than asked for, so a 10 ms timeout held nearly every poll
     * (8 asked for, 1 waiting) 100 ms; with 0 they pop once and answer.
     */
    static final int DEFAULT_POLL_TIMEOUT_MS = 0;

    public static final String MAX_TTL_SECONDS = "CONDUCTOR_JWT_MAX_TTL_SECONDS";
    public static final String DEFAULT_ALGORITHM = "CONDUCTOR_JWT_DEFAULT_ALGORITHM";
    public static final String KEY_CACHE_SIZE = "CONDUCTOR_JWT_KEY_CACHE_SIZE";
    public static final String KEYS_DIR = "CONDUCTOR_JWT_KEYS_DIR";

    public static final String OUTPUT_CACHE_SIZE = "CONDUCTOR_JWT_OUTPUT_CACHE_SIZE";

    /** host:port, loopback by default; "off" disables the endpoint. */
    public static final String JWKS_ADDRESS = "CONDUCTOR_JWT_JWKS_ADDRESS";

    /** auto (default), jdk or accp: see {@link SigningProvider}. */
    public static final String PROVIDER = "CONDUCTOR_JWT_PROVIDER";

    /**
     * Comma-separated, all four by default. Each type costs an empty poll every interval while
     * idle: a server with the plugin never queues {@link GetSignedJwt#TASK_TYPE} or {@link
     * VerifyJwt#TASK_TYPE} for a worker (set the two held-key types there), and one without it
     * never schedules the held-key types.
     */
    public static final String TASK_TYPES = "CONDUCTOR_JWT_WORKER_TASK_TYPES";

    private static final List<String> KNOWN_TASK_TYPES =
            List.of(
                    GetSignedJwt.TASK_TYPE,
                    GetSignedJwt.HELD_KEY_TASK_TYPE,
                    VerifyJwt.TASK_TYPE,
                    VerifyJwt.HELD_KEY_TASK_TYPE);

    /**
     * Comma-separated hosts a VERIFY_JWT {@code jwksUri} may name ({@code idp.example.com}, {@code
     * *.example.com}, {@code http://127.0.0.1} for plain http); empty by default, refusing all.
     */
    public static final String JWKS_ALLOWED_HOSTS = "CONDUCTOR_JWT_VERIFY_JWKS_ALLOWED_HOSTS";

    /** Every setting, for the checks all of them share. */
    private static final List<String> NAMES =
            List.of(
                    SERVER_URL,
                    AUTH_KEY,
                    AUTH_SECRET,
                    THREADS,
                    POLL_INTERVAL_MS,
                    POLL_TIMEOUT_MS,
                    MAX_TTL_SECONDS,
                    DEFAULT_ALGORITHM,
                    KEY_CACHE_SIZE,
                    KEYS_DIR,
                    JWKS_ADDRESS,
                    RotationSettings.RELOAD_SECONDS,
                    RotationSettings.PUBLISH_DELAY_SECONDS,
                    RotationSettings.RETIRE_SECONDS,
                    OUTPUT_CACHE_SIZE,
                    PROVIDER,
                    TASK_TYPES,
                    JWKS_ALLOWED_HOSTS);

    public static WorkerSettings fromEnvironment() {
        Map<String, String> values = new HashMap<>(System.getenv());
        System.getProperties().forEach((k, v) -> values.put(k.toString(), v.toString()));
        return from(values);
    }

    /**
     * @throws IllegalArgumentException naming the variable and its rule; never quoting the value,
     *     which may be a secret ({@link #AUTH_SECRET}) or, with a line break, forge a log line
     */
    static WorkerSettings from(Map<String, String> values) {
        Map<String, String> v = new HashMap<>();
        values.forEach(
                (name, value) -> {
                    if (value != null && !value.isBlank()) {
                        v.put(name, value.strip());
                    }
                });
        for (String name : NAMES) {
            if (v.containsKey(name) && !LogText.isClean(v.get(name))) {
                throw new IllegalArgumentException(name + " must not contain control characters");
            }
        }
        SigningPolicy policy =
                new SigningPolicy(
                        Duration.ofSeconds(number(v, MAX_TTL_SECONDS, 1, 86_400)),
                        algorithm(v.getOrDefault(DEFAULT_ALGORITHM, "RS256")),
                        number(v, KEY_CACHE_SIZE, 0, SigningPolicy.DEFAULT_KEY_CACHE_SIZE));
        return new WorkerSettings(
                serverUrl(v.getOrDefault(SERVER_URL, "http://localhost:8080/api")),
                v.get(AUTH_KEY),
                v.get(AUTH_SECRET),
                number(v, THREADS, 1, DEFAULT_THREADS),
                Duration.ofMillis(number(v, POLL_INTERVAL_MS, 1, DEFAULT_POLL_INTERVAL_MS)),
                Duration.ofMillis(number(v, POLL_TIMEOUT_MS, 0, DEFAULT_POLL_TIMEOUT_MS)),
                policy,
                v.containsKey(KEYS_DIR) ? path(v.get(KEYS_DIR)) : null,
                address(v.getOrDefault(JWKS_ADDRESS, "127.0.0.1:8091")),
                RotationSettings.from(v, policy.maxTtl()),
                number(v, OUTPUT_CACHE_SIZE, 0, OutputCache.DEFAULT_SIZE),
                provider(v.getOrDefault(PROVIDER, "auto")),
                taskTypes(v.get(TASK_TYPES)),
                v.containsKey(JWKS_ALLOWED_HOSTS)
                        ? List.of(v.get(JWKS_ALLOWED_HOSTS).split(","))
                        : List.of());
    }

    private static List<String> taskTypes(String text) {
        if (text == null) {
            return KNOWN_TASK_TYPES;
        }
        List<String> named = List.of(text.split(",", KNOWN_TASK_TYPES.size() + 1));
        List<String> types =
                KNOWN_TASK_TYPES.stream()
                        .filter(type -> named.stream().anyMatch(n -> n.strip().equals(type)))
                        .toList();
        if (types.isEmpty()
                || named.size() > KNOWN_TASK_TYPES.size()
                || !named.stream().allMatch(n -> KNOWN_TASK_TYPES.contains(n.strip()))) {
            throw new IllegalArgumentException(
                    TASK_TYPES
                            + " must name one or more of "
                            + String.join(" / ", KNOWN_TASK_TYPES));
        }
        return types;
    }

    private static SigningProvider.Choice provider(String text) {
        try {
            return SigningProvider.Choice.named(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROVIDER + " " + e.getMessage());
        }
    }

    /** Logged at start, so it may carry no credentials: those go in the auth settings. */
    private static String serverUrl(String text) {
        try {
            URI uri = new URI(text);
            if (("http".equalsIgnoreCase(uri.getScheme())
                            || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null
                    && uri.getRawUserInfo() == null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null) {
                return text;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                SERVER_URL
                        + " must be an http:// or https:// URL without user info, query or"
                        + " fragment, e.g. http://localhost:8080/api");
    }

    static int number(Map<String, String> v, String name, int least, int fallback) {
        String text = v.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= least) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number >= " + least);
    }

    private static SigningAlgorithm algorithm(String text) {
        try {
            return SigningAlgorithm.named(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    DEFAULT_ALGORITHM + " must be one of " + SigningAlgorithm.supportedNames());
        }
    }

    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(KEYS_DIR + " must be a directory path");
        }
    }

    private static InetSocketAddress address(String text) {
        if (text.equalsIgnoreCase("off")) {
            return null;
        }
        int colon = text.lastIndexOf(':');
        if (colon >= 1) {
            String host = text.substring(0, colon);
            try {
                int port = Integer.parseInt(text.substring(colon + 1));
                if (port >= 1 && port <= 65_535) {
                    return new InetSocketAddress(host, port);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(
                JWKS_ADDRESS + " must be host:port with a port from 1 to 65535, or off");
    }
}
