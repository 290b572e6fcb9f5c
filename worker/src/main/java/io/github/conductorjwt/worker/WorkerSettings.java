package io.github.conductorjwt.worker;

import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.SigningPolicy;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The worker's settings, from environment variables; a JVM system property of the same name
 * (-DCONDUCTOR_SERVER_URL=...) wins over the environment.
 *
 * @param serverUrl the Conductor API, e.g. {@code http://localhost:8080/api}
 * @param authKey with {@link #authSecret}, for servers that require a token; {@code null} for none
 * @param authSecret see {@link #authKey}
 * @param threads tasks signed at once
 * @param pollInterval pause between polls when the queue is empty
 * @param policy max TTL, default algorithm and key cache size
 * @param keysDir the directory of held keys, or {@code null} for none
 * @param jwksAddress where the JWKS endpoint listens, or {@code null} for none
 */
public record WorkerSettings(
        String serverUrl,
        String authKey,
        String authSecret,
        int threads,
        Duration pollInterval,
        SigningPolicy policy,
        Path keysDir,
        InetSocketAddress jwksAddress) {

    public static final String SERVER_URL = "CONDUCTOR_SERVER_URL";
    public static final String AUTH_KEY = "CONDUCTOR_AUTH_KEY";
    public static final String AUTH_SECRET = "CONDUCTOR_AUTH_SECRET";
    public static final String THREADS = "CONDUCTOR_JWT_WORKER_THREADS";
    public static final String POLL_INTERVAL_MS = "CONDUCTOR_JWT_WORKER_POLL_INTERVAL_MS";
    public static final String MAX_TTL_SECONDS = "CONDUCTOR_JWT_MAX_TTL_SECONDS";
    public static final String DEFAULT_ALGORITHM = "CONDUCTOR_JWT_DEFAULT_ALGORITHM";
    public static final String KEY_CACHE_SIZE = "CONDUCTOR_JWT_KEY_CACHE_SIZE";
    public static final String KEYS_DIR = "CONDUCTOR_JWT_KEYS_DIR";

    /** host:port, loopback by default; "off" disables the endpoint. */
    public static final String JWKS_ADDRESS = "CONDUCTOR_JWT_JWKS_ADDRESS";

    public static WorkerSettings fromEnvironment() {
        Map<String, String> values = new HashMap<>(System.getenv());
        System.getProperties().forEach((k, v) -> values.put(k.toString(), v.toString()));
        return from(values);
    }

    static WorkerSettings from(Map<String, String> values) {
        Map<String, String> v = new HashMap<>(values);
        v.values().removeIf(String::isBlank);
        return new WorkerSettings(
                v.getOrDefault(SERVER_URL, "http://localhost:8080/api"),
                v.get(AUTH_KEY),
                v.get(AUTH_SECRET),
                positive(v, THREADS, 4),
                Duration.ofMillis(positive(v, POLL_INTERVAL_MS, 100)),
                new SigningPolicy(
                        Duration.ofSeconds(positive(v, MAX_TTL_SECONDS, 86_400)),
                        SigningAlgorithm.named(
                                DEFAULT_ALGORITHM, v.getOrDefault(DEFAULT_ALGORITHM, "RS256")),
                        positive(v, KEY_CACHE_SIZE, SigningPolicy.DEFAULT_KEY_CACHE_SIZE)),
                v.containsKey(KEYS_DIR) ? Path.of(v.get(KEYS_DIR)) : null,
                address(v.getOrDefault(JWKS_ADDRESS, "127.0.0.1:8091")));
    }

    private static int positive(Map<String, String> v, String name, int fallback) {
        String text = v.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                name + " must be a whole number >= 0, was '" + text + "'");
    }

    private static InetSocketAddress address(String text) {
        if (text.equalsIgnoreCase("off")) {
            return null;
        }
        int colon = text.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException(
                    JWKS_ADDRESS + " must be host:port or off, was '" + text + "'");
        }
        return new InetSocketAddress(
                text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }
}
