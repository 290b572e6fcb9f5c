package io.github.conductorjwt.worker;

import io.github.conductorjwt.core.Pkcs11Config;
import io.github.conductorjwt.core.Pkcs11Exception;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.core.SigningProvider;
import io.github.conductorjwt.task.GetSignedJwt;
import io.github.conductorjwt.task.LogText;
import io.github.conductorjwt.task.OutputCache;
import io.github.conductorjwt.task.VerifyJwt;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
 * @param pkcs11 the PKCS#11 token whose keys are held, by label, or {@code null} for none
 * @param google the Google service accounts held as keys, or {@code null} for none
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
        Pkcs11Config pkcs11,
        GoogleSettings google,
        List<String> jwksAllowedHosts) {

    /**
     * Google service accounts as key names.
     *
     * @param accounts key name to service-account e-mail
     * @param credentialsFile a credentials file, or {@code null} for Application Default
     *     Credentials
     * @param endpoint the IAM Credentials API
     * @param delegates the delegation chain; empty for none
     */
    public record GoogleSettings(
            Map<String, String> accounts,
            Path credentialsFile,
            URI endpoint,
            List<String> delegates) {}

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

    /** The PKCS#11 module (a .so path): its keys are offered by label (see PKCS11_KEYS). */
    public static final String PKCS11_LIBRARY = "CONDUCTOR_JWT_PKCS11_LIBRARY";

    /** The token's slot id; or PKCS11_SLOT_INDEX, its index in the module's slot list. */
    public static final String PKCS11_SLOT = "CONDUCTOR_JWT_PKCS11_SLOT";

    public static final String PKCS11_SLOT_INDEX = "CONDUCTOR_JWT_PKCS11_SLOT_INDEX";

    /** The user PIN, in the environment; or PKCS11_PIN_FILE, a file holding it. */
    public static final String PKCS11_PIN = "CONDUCTOR_JWT_PKCS11_PIN";

    public static final String PKCS11_PIN_FILE = "CONDUCTOR_JWT_PKCS11_PIN_FILE";

    /** Comma-separated labels of the token's keys offered as key names. */
    public static final String PKCS11_KEYS = "CONDUCTOR_JWT_PKCS11_KEYS";

    /** Comma-separated name=service-account-email pairs: each a key name signed by IAM signJwt. */
    public static final String GOOGLE_ACCOUNTS = "CONDUCTOR_JWT_GOOGLE_ACCOUNTS";

    /** A credentials file; unset: Application Default Credentials. */
    public static final String GOOGLE_CREDENTIALS = "CONDUCTOR_JWT_GOOGLE_CREDENTIALS";

    /** The IAM Credentials API, https://iamcredentials.googleapis.com by default. */
    public static final String GOOGLE_ENDPOINT = "CONDUCTOR_JWT_GOOGLE_ENDPOINT";

    /** Comma-separated service-account e-mails of the delegation chain. */
    public static final String GOOGLE_DELEGATES = "CONDUCTOR_JWT_GOOGLE_DELEGATES";

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
                    PKCS11_LIBRARY,
                    PKCS11_SLOT,
                    PKCS11_SLOT_INDEX,
                    PKCS11_PIN,
                    PKCS11_PIN_FILE,
                    PKCS11_KEYS,
                    GOOGLE_ACCOUNTS,
                    GOOGLE_CREDENTIALS,
                    GOOGLE_ENDPOINT,
                    GOOGLE_DELEGATES,
                    JWKS_ALLOWED_HOSTS);

    // Rules, worded to follow the setting's name; none quotes the value.
    static final String CONTROL_CHARACTERS_MSG = "must not contain control characters";
    static final String WHOLE_NUMBER_MSG = "must be a whole number >= %d";
    static final String TASK_TYPES_MSG = "must name one or more of %s";
    static final String SERVER_URL_MSG =
            "must be an http:// or https:// URL without user info, query or fragment, e.g."
                    + " http://localhost:8080/api";
    static final String ALGORITHM_MSG = "must be one of %s";
    static final String KEYS_DIR_MSG = "must be a directory path";
    static final String ADDRESS_MSG = "must be host:port with a port from 1 to 65535, or off";
    static final String SET_WITHOUT_MSG = "is set but %s is not";
    static final String EXACTLY_ONE_OF_MSG = "or %s: give exactly one of them";
    static final String FILE_PATH_MSG = "must be a file path";
    static final String GOOGLE_ACCOUNTS_MSG =
            "must be comma-separated name=service-account-email pairs, each name once";
    static final String GOOGLE_ENDPOINT_MSG = "must be an https:// URL";

    public static WorkerSettings fromEnvironment() {
        return from(processSettings());
    }

    /** The environment, with {@code -D} properties of the same name taking precedence. */
    private static Map<String, String> processSettings() {
        Map<String, String> values = new HashMap<>(System.getenv());
        System.getProperties().forEach((k, v) -> values.put(k.toString(), v.toString()));
        return values;
    }

    /**
     * @throws IllegalArgumentException naming every bad variable and its rule, all at once; never
     *     quoting a value, which may be a secret ({@link #AUTH_SECRET}) or, with a line break,
     *     forge a log line
     */
    static WorkerSettings from(Map<String, String> values) {
        Map<String, String> v = new HashMap<>();
        values.forEach(
                (name, value) -> {
                    if (value != null && !value.isBlank()) {
                        v.put(name, value.strip());
                    }
                });
        SettingErrors errors = new SettingErrors();
        for (String name : NAMES) {
            if (v.containsKey(name) && !LogText.isClean(v.get(name))) {
                errors.add(name, CONTROL_CHARACTERS_MSG);
                v.remove(name); // judged once: its other rules would only repeat the news
            }
        }
        String serverUrl =
                serverUrl(v.getOrDefault(SERVER_URL, "http://localhost:8080/api"), errors);
        int threads = number(v, THREADS, 1, DEFAULT_THREADS, errors);
        Duration pollInterval =
                Duration.ofMillis(number(v, POLL_INTERVAL_MS, 1, DEFAULT_POLL_INTERVAL_MS, errors));
        Duration pollTimeout =
                Duration.ofMillis(number(v, POLL_TIMEOUT_MS, 0, DEFAULT_POLL_TIMEOUT_MS, errors));
        Duration maxTtl = Duration.ofSeconds(number(v, MAX_TTL_SECONDS, 1, 86_400, errors));
        SigningPolicy policy =
                new SigningPolicy(
                        maxTtl,
                        algorithm(v.getOrDefault(DEFAULT_ALGORITHM, "RS256"), errors),
                        number(v, KEY_CACHE_SIZE, 0, SigningPolicy.DEFAULT_KEY_CACHE_SIZE, errors));
        Path keysDir = v.containsKey(KEYS_DIR) ? path(v.get(KEYS_DIR), errors) : null;
        InetSocketAddress jwksAddress =
                address(v.getOrDefault(JWKS_ADDRESS, "127.0.0.1:8091"), errors);
        RotationSettings rotation = RotationSettings.from(v, maxTtl, errors);
        int outputCacheSize = number(v, OUTPUT_CACHE_SIZE, 0, OutputCache.DEFAULT_SIZE, errors);
        SigningProvider.Choice provider = provider(v.getOrDefault(PROVIDER, "auto"), errors);
        List<String> taskTypes = taskTypes(v.get(TASK_TYPES), errors);
        Pkcs11Config pkcs11 = pkcs11(v, errors);
        GoogleSettings google = google(v, errors);
        List<String> jwksAllowedHosts =
                v.containsKey(JWKS_ALLOWED_HOSTS)
                        ? List.of(v.get(JWKS_ALLOWED_HOSTS).split(","))
                        : List.of();
        errors.throwIfAny();
        return new WorkerSettings(
                serverUrl,
                v.get(AUTH_KEY),
                v.get(AUTH_SECRET),
                threads,
                pollInterval,
                pollTimeout,
                policy,
                keysDir,
                jwksAddress,
                rotation,
                outputCacheSize,
                provider,
                taskTypes,
                pkcs11,
                google,
                jwksAllowedHosts);
    }

    private static GoogleSettings google(Map<String, String> v, SettingErrors errors) {
        String accounts = v.get(GOOGLE_ACCOUNTS);
        if (accounts == null) {
            for (String name : List.of(GOOGLE_CREDENTIALS, GOOGLE_ENDPOINT, GOOGLE_DELEGATES)) {
                if (v.containsKey(name)) {
                    errors.add(name, SET_WITHOUT_MSG.formatted(GOOGLE_ACCOUNTS));
                }
            }
            return null;
        }
        Map<String, String> byName = new java.util.LinkedHashMap<>();
        for (String pair : accounts.split(",")) {
            String[] nameEmail = pair.split("=", 2);
            if (nameEmail.length != 2
                    || nameEmail[0].isBlank()
                    || nameEmail[1].isBlank()
                    || byName.put(nameEmail[0].strip(), nameEmail[1].strip()) != null) {
                errors.add(GOOGLE_ACCOUNTS, GOOGLE_ACCOUNTS_MSG);
                return null;
            }
        }
        URI endpoint;
        try {
            endpoint =
                    new URI(
                            v.getOrDefault(
                                    GOOGLE_ENDPOINT, "https://iamcredentials.googleapis.com"));
        } catch (URISyntaxException e) {
            errors.add(GOOGLE_ENDPOINT, GOOGLE_ENDPOINT_MSG);
            return null;
        }
        try {
            return new GoogleSettings(
                    Map.copyOf(byName),
                    v.containsKey(GOOGLE_CREDENTIALS) ? Path.of(v.get(GOOGLE_CREDENTIALS)) : null,
                    endpoint,
                    v.containsKey(GOOGLE_DELEGATES)
                            ? Arrays.stream(v.get(GOOGLE_DELEGATES).split(","))
                                    .map(String::strip)
                                    .filter(email -> !email.isEmpty())
                                    .toList()
                            : List.of());
        } catch (InvalidPathException e) {
            errors.add(GOOGLE_CREDENTIALS, FILE_PATH_MSG);
            return null;
        }
    }

    /**
     * The PKCS#11 settings, or {@code null} when {@link #PKCS11_LIBRARY} is not set; the PIN is
     * read at each login, never kept here.
     */
    private static Pkcs11Config pkcs11(Map<String, String> v, SettingErrors errors) {
        String library = v.get(PKCS11_LIBRARY);
        if (library == null) {
            for (String name :
                    List.of(
                            PKCS11_SLOT,
                            PKCS11_SLOT_INDEX,
                            PKCS11_PIN,
                            PKCS11_PIN_FILE,
                            PKCS11_KEYS)) {
                if (v.containsKey(name)) {
                    errors.add(name, SET_WITHOUT_MSG.formatted(PKCS11_LIBRARY));
                }
            }
            return null;
        }
        boolean complete = true;
        if (v.containsKey(PKCS11_PIN) == v.containsKey(PKCS11_PIN_FILE)) {
            errors.add(PKCS11_PIN, EXACTLY_ONE_OF_MSG.formatted(PKCS11_PIN_FILE));
            complete = false;
        }
        if (v.containsKey(PKCS11_SLOT) == v.containsKey(PKCS11_SLOT_INDEX)) {
            errors.add(PKCS11_SLOT, EXACTLY_ONE_OF_MSG.formatted(PKCS11_SLOT_INDEX));
            complete = false;
        }
        if (!complete) {
            return null;
        }
        String pin = v.get(PKCS11_PIN);
        try {
            return new Pkcs11Config(
                    Path.of(library),
                    v.containsKey(PKCS11_SLOT) ? (long) number(v, PKCS11_SLOT, 0, 0, errors) : null,
                    v.containsKey(PKCS11_SLOT_INDEX)
                            ? number(v, PKCS11_SLOT_INDEX, 0, 0, errors)
                            : null,
                    pin != null
                            ? pin::toCharArray
                            : Pkcs11Config.pinFile(Path.of(v.get(PKCS11_PIN_FILE))),
                    Arrays.stream(v.getOrDefault(PKCS11_KEYS, "").split(","))
                            .map(String::strip)
                            .filter(label -> !label.isEmpty())
                            .toList());
        } catch (Pkcs11Exception e) {
            errors.add(settingName(e.setting(), v), e.rule());
            return null;
        } catch (InvalidPathException e) {
            errors.add(PKCS11_LIBRARY + " and " + PKCS11_PIN_FILE, FILE_PATH_MSG);
            return null;
        }
    }

    /** The variable that holds the PKCS#11 setting at fault, for start-up errors. */
    static String settingName(Pkcs11Exception.Setting setting, Map<String, String> v) {
        return switch (setting) {
            case LIBRARY -> PKCS11_LIBRARY;
            case SLOT -> v.containsKey(PKCS11_SLOT_INDEX) ? PKCS11_SLOT_INDEX : PKCS11_SLOT;
            case PIN -> v.containsKey(PKCS11_PIN_FILE) ? PKCS11_PIN_FILE : PKCS11_PIN;
            case KEYS -> PKCS11_KEYS;
        };
    }

    /** {@link #settingName(Pkcs11Exception.Setting, Map)} for the settings of this process. */
    static String settingName(Pkcs11Exception.Setting setting) {
        Map<String, String> values = processSettings();
        values.values().removeIf(String::isBlank);
        return settingName(setting, values);
    }

    private static List<String> taskTypes(String text, SettingErrors errors) {
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
            errors.add(TASK_TYPES, TASK_TYPES_MSG.formatted(String.join(" / ", KNOWN_TASK_TYPES)));
            return KNOWN_TASK_TYPES;
        }
        return types;
    }

    private static SigningProvider.Choice provider(String text, SettingErrors errors) {
        try {
            return SigningProvider.Choice.named(text);
        } catch (IllegalArgumentException e) {
            errors.add(PROVIDER, e.getMessage());
            return SigningProvider.Choice.AUTO;
        }
    }

    /** Logged at start, so it may carry no credentials: those go in the auth settings. */
    private static String serverUrl(String text, SettingErrors errors) {
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
        errors.add(SERVER_URL, SERVER_URL_MSG);
        return null;
    }

    /** The setting as a whole number of at least {@code least}, or {@code fallback} when unset. */
    static int number(
            Map<String, String> v, String name, int least, int fallback, SettingErrors errors) {
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
        errors.add(name, WHOLE_NUMBER_MSG.formatted(least));
        return fallback;
    }

    private static SigningAlgorithm algorithm(String text, SettingErrors errors) {
        try {
            return SigningAlgorithm.named(text);
        } catch (IllegalArgumentException e) {
            errors.add(
                    DEFAULT_ALGORITHM, ALGORITHM_MSG.formatted(SigningAlgorithm.supportedNames()));
            return SigningAlgorithm.RS256;
        }
    }

    private static Path path(String text, SettingErrors errors) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            errors.add(KEYS_DIR, KEYS_DIR_MSG);
            return null;
        }
    }

    private static InetSocketAddress address(String text, SettingErrors errors) {
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
        errors.add(JWKS_ADDRESS, ADDRESS_MSG);
        return null;
    }
}
