package io.github.conductorjwt.worker;

import com.netflix.conductor.client.automator.TaskRunnerConfigurer;
import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.worker.Worker;
import io.github.conductorjwt.core.HeldSigner;
import io.github.conductorjwt.core.JwksFetcher;
import io.github.conductorjwt.core.JwksSource;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.JwtVerifier;
import io.github.conductorjwt.core.Pkcs11Exception;
import io.github.conductorjwt.core.Pkcs11Token;
import io.github.conductorjwt.core.PublishedKey;
import io.github.conductorjwt.core.SigningProvider;
import io.github.conductorjwt.core.VerifyRequestReader;
import io.github.conductorjwt.google.GoogleAccounts;
import io.github.conductorjwt.task.HeldSigners;
import io.github.conductorjwt.task.HeldVerificationKeys;
import io.github.conductorjwt.task.LogText;
import io.github.conductorjwt.task.MicrometerSigningMetrics;
import io.github.conductorjwt.task.MicrometerVerifyMetrics;
import io.github.conductorjwt.task.OutputCache;
import io.github.conductorjwt.task.SignedJwtTaskHandler;
import io.github.conductorjwt.task.SignerSchedule;
import io.github.conductorjwt.task.SigningProviderGauge;
import io.github.conductorjwt.task.TokenReloader;
import io.github.conductorjwt.task.VerifyJwt;
import io.github.conductorjwt.task.VerifyJwtTaskHandler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.orkes.conductor.client.ApiClient;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the worker: {@code java -jar conductor-jwt-worker.jar}, configured by environment (see
 * {@link WorkerSettings}). On SIGTERM it stops polling, lets the polls in flight return, finishes
 * every task they brought and hands back any it cannot finish in {@link #DRAIN}, so the server
 * queues them again at once; then it waits up to {@link #SERVER_ANSWER} for results and polls still
 * in flight, hands back what those brought, and exits.
 */
public final class WorkerMain {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);

    /** Time to finish the tasks in hand after SIGTERM; what is left then is handed back. */
    static final Duration DRAIN = Duration.ofSeconds(6);

    /**
     * How long the worker waits for any answer of the server (the client's default is 10 s), and,
     * after the drain, for polls and results still in flight. A poll the server answers has already
     * marked its tasks IN_PROGRESS: a worker that gave up on it after 10 s, as happened under load,
     * left them to the response timeout (minutes). A result on its way is never handed back either
     * (two answers racing on the server can stall the workflow). Drain, this and the runner's stop
     * stay inside the 45 s {@code stop_grace_period} of docker-compose.yml.
     */
    static final Duration SERVER_ANSWER = Duration.ofSeconds(30);

    /** Per task type, after the drain: only a task already handed back can still be running. */
    private static final int RUNNER_STOP_SECONDS = 1;

    private WorkerMain() {}

    public static void main(String[] args) throws InterruptedException {
        WorkerSettings settings;
        HeldKeys keys;
        SigningProvider provider;
        Pkcs11Token token;
        List<HeldSigner> fixedSigners;
        JwtSigner jwtSigner = new JwtSigner();
        JwksSource jwks;
        try {
            settings = WorkerSettings.fromEnvironment();
            provider = SigningProvider.choose(settings.provider());
            keys =
                    settings.keysDir() == null
                            ? HeldKeys.none()
                            : HeldKeys.load(
                                    settings.keysDir(), settings.policy().defaultAlgorithm());
            token =
                    settings.pkcs11() == null
                            ? null
                            : Pkcs11Token.open(
                                    settings.pkcs11(),
                                    settings.policy().defaultAlgorithm(),
                                    jwtSigner);
            fixedSigners = googleSigners(settings);
            checkNames(keys, token, fixedSigners);
            jwks = jwksSource(settings);
        } catch (Pkcs11Exception e) {
            // Never retried: a token locks after a few wrong PINs. Names the setting, not its
            // value.
            LOG.error(
                    "Cannot start: {} {}",
                    WorkerSettings.settingName(e.setting()),
                    LogText.of(e.rule()));
            System.exit(2);
            return;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            // One line an operator can act on; the messages name settings and files, never values.
            LOG.error("Cannot start: {}", LogText.of(e.getMessage()));
            System.exit(2);
            return;
        }
        LOG.info("Holding {} key(s): {}", keys.all().size(), keys.all());
        (token == null ? List.<HeldSigner>of() : token.signers())
                .forEach(signer -> LOG.info("Holding {}", LogText.of(signer.toString())));
        fixedSigners.forEach(signer -> LOG.info("Holding {}", LogText.of(signer.toString())));
        LOG.info("Signing with {}: {}", provider.name(), provider.reason());

        Clock clock = Clock.systemUTC();
        RotationSettings rotation = settings.rotation();
        KeySchedule schedule =
                new KeySchedule(clock, rotation.publishDelay(), rotation.retireAfter(), keys);
        KeyReloader reloader =
                settings.keysDir() == null
                        ? null
                        : new KeyReloader(
                                settings.keysDir(), settings.policy().defaultAlgorithm(), schedule);
        // A token's keys rotate by label as the folder's do by file, on the same schedule.
        SignerSchedule signers =
                new SignerSchedule(
                        clock,
                        rotation.publishDelay(),
                        rotation.retireAfter(),
                        token == null ? List.of() : token.signers(),
                        fixedSigners);
        TokenReloader tokenReloader =
                token == null
                        ? null
                        : new TokenReloader(token::reload, signers, rotation.publishDelay());
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RotationMetrics.register(meters, schedule, reloader);
        new SigningProviderGauge(meters, provider);
        PollHeartbeat polls =
                new PollHeartbeat(clock, PollHeartbeat.windowFor(settings.pollInterval()));

        SignedJwtTaskHandler handler =
                new SignedJwtTaskHandler(
                        new JwtRequestReader(settings.policy(), provider),
                        jwtSigner,
                        // The keys that sign now, by the schedule.
                        input ->
                                schedule.now()
                                        .signing()
                                        .prepare(input, signers.now().signing().names()),
                        new MicrometerSigningMetrics(meters),
                        new OutputCache(settings.outputCacheSize()),
                        () -> signers.now().signing());

        VerifyJwtTaskHandler verifier =
                new VerifyJwtTaskHandler(
                        new VerifyRequestReader(settings.policy().keyCacheSize(), jwks),
                        new JwtVerifier(),
                        new HeldVerificationKeys(
                                "worker",
                                () ->
                                        Stream.<PublishedKey>concat(
                                                        schedule.now().published().stream(),
                                                        signers.now().published().stream())
                                                .toList()),
                        new MicrometerVerifyMetrics(meters));
        ConductorClient client =
                settings.authKey() == null
                        ? new ConductorClient(settings.serverUrl())
                        : new ApiClient(
                                settings.serverUrl(), settings.authKey(), settings.authSecret());
        client.setReadTimeout(SERVER_ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        DrainingTaskClient tasks = new DrainingTaskClient(client, polls);
        TaskRunnerConfigurer runner =
                new TaskRunnerConfigurer.Builder(
                                tasks,
                                // Tasks an unchanged server schedules, and those a server with
                                // the plugin hands over because they name a held key.
                                settings.taskTypes().stream()
                                        .map(
                                                type ->
                                                        worker(
                                                                type,
                                                                handler,
                                                                verifier,
                                                                (int)
                                                                        settings.pollInterval()
                                                                                .toMillis()))
                                        .toList())
                        .withThreadCount(settings.threads())
                        .withTaskPollTimeout((int) settings.pollTimeout().toMillis())
                        .withShutdownGracePeriodSeconds(RUNNER_STOP_SECONDS)
                        .build();

        WorkerHttpServer http =
                settings.jwksAddress() == null
                        ? null
                        : new WorkerHttpServer(
                                settings.jwksAddress(),
                                Map.of(
                                        JwksEndpoint.PATH,
                                        new JwksEndpoint(
                                                () -> schedule.now().published(),
                                                () -> signers.now().published(),
                                                rotation.publishDelay()),
                                        HealthEndpoint.PATH,
                                        new HealthEndpoint(
                                                polls,
                                                settings.keysDir() == null ? null : schedule,
                                                reloader,
                                                tokenReloader),
                                        MetricsEndpoint.PATH,
                                        new MetricsEndpoint(meters)));
        if (reloader != null) {
            reloader.start(rotation.reloadInterval());
        }
        if (tokenReloader != null) {
            tokenReloader.start(rotation.reloadInterval());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    LOG.info("Stopping: no new polls; draining");
                                    polls.stop();
                                    drain(tasks);
                                    runner.shutdown();
                                    if (reloader != null) {
                                        reloader.close();
                                    }
                                    if (tokenReloader != null) {
                                        tokenReloader.close();
                                    }
                                    if (http != null) {
                                        http.close();
                                    }
                                    client.shutdown();
                                    stopped.countDown();
                                    LOG.info("Stopped");
                                },
                                "conductor-jwt-worker-shutdown"));

        runner.init();
        LOG.info(
                "Polling {} at {} with {} thread(s){}",
                String.join(" and ", settings.taskTypes()),
                settings.serverUrl(),
                settings.threads(),
                http == null
                        ? ""
                        : "; JWKS, health and metrics at http://"
                                + http.address().getHostString()
                                + ":"
                                + http.address().getPort()
                                + JwksEndpoint.PATH
                                + ", "
                                + HealthEndpoint.PATH
                                + ", "
                                + MetricsEndpoint.PATH);
        stopped.await();
    }

    /** The Google service accounts: their keys are Google's, published and rotated there. */
    private static List<HeldSigner> googleSigners(WorkerSettings settings) {
        WorkerSettings.GoogleSettings google = settings.google();
        if (google == null) {
            return List.of();
        }
        try {
            return List.copyOf(
                    GoogleAccounts.open(
                            google.accounts(),
                            google.credentialsFile(),
                            google.endpoint(),
                            google.delegates()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    WorkerSettings.GOOGLE_ACCOUNTS + ": " + e.getMessage());
        }
    }

    /**
     * Refuses a name held twice: a PKCS#11 name that is also a Google account's or a keys-folder
     * name, as a task could not tell which it names.
     */
    private static void checkNames(HeldKeys keys, Pkcs11Token token, List<HeldSigner> google) {
        Set<String> tokenNames = new TreeSet<>();
        if (token != null) {
            token.signers().forEach(signer -> tokenNames.add(signer.name()));
        }
        List<String> names = new ArrayList<>(tokenNames);
        google.forEach(signer -> names.add(signer.name()));
        // Refuses two of one name (a token's and a Google account's) as at start before.
        HeldSigners.of(google);
        for (HeldSigner signer : google) {
            if (tokenNames.contains(signer.name())) {
                throw new IllegalArgumentException(
                        "two held keys are named "
                                + LogText.of(signer.name())
                                + "; names must be unique");
            }
        }
        for (String name : names) {
            if (keys.names().contains(name)) {
                throw new IllegalArgumentException(
                        "held key name "
                                + LogText.of(name)
                                + " is also a folder in "
                                + WorkerSettings.KEYS_DIR
                                + "; key names must be unique");
            }
        }
    }

    private static JwksSource jwksSource(WorkerSettings settings) {
        try {
            return JwksFetcher.forHosts(settings.jwksAllowedHosts());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    WorkerSettings.JWKS_ALLOWED_HOSTS + ": " + e.getMessage());
        }
    }

    /** Tasks an unchanged server schedules, and those the plugin hands over (held keys). */
    private static Worker worker(
            String type,
            SignedJwtTaskHandler signer,
            VerifyJwtTaskHandler verifier,
            int pollIntervalMillis) {
        return type.startsWith(VerifyJwt.TASK_TYPE)
                ? new VerifyJwtWorker(type, verifier, pollIntervalMillis)
                : new GetSignedJwtWorker(type, signer, pollIntervalMillis);
    }

    private static void drain(DrainingTaskClient tasks) {
        long started = System.nanoTime();
        try {
            int handedBack = tasks.drain(DRAIN, SERVER_ANSWER);
            LOG.info(
                    "Drained in {} ms; handed back {} task(s)",
                    (System.nanoTime() - started) / 1_000_000,
                    handedBack);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
