package io.github.conductorjwt.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches JWK Sets for {@code jwksUri} inputs, within the operator's {@link JwksHosts} and these
 * bounds: {@link #CONNECT_TIMEOUT}, {@link #READ_TIMEOUT}, {@link #MAX_BYTES}, {@link
 * InputLimits#MAX_JWKS_KEYS}; redirects are not followed. Sets are cached per URL (Caffeine) for
 * their {@code Cache-Control: max-age}, held between {@link #MIN_CACHE} and {@link #MAX_CACHE}; a
 * {@code kid} the cached set lacks fetches again at once (so a key published after the last fetch
 * verifies on its first token), and further unknown kids at most once per {@link #REFETCH_INTERVAL}
 * per URL. Uses the JDK's HttpClient: no dependency for one GET.
 */
public final class JwksFetcher implements JwksSource {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    public static final int MAX_BYTES = 256 * 1024;
    public static final Duration MIN_CACHE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CACHE = Duration.ofMinutes(5);
    public static final Duration MAX_CACHE = Duration.ofHours(1);
    public static final Duration REFETCH_INTERVAL = Duration.ofSeconds(10);

    /** URLs whose sets are kept. */
    public static final int MAX_URLS = 100;

    private static final Pattern MAX_AGE =
            Pattern.compile("(?i)(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})");

    /**
     * @param forUnknownKid fetched because a token named a kid the set lacked: the next such fetch
     *     waits {@link #REFETCH_INTERVAL}
     */
    private record Fetched(
            VerificationKeys keys, Instant fetchedAt, Instant expiresAt, boolean forUnknownKid) {}

    private final JwksHosts hosts;
    private final Clock clock;
    private final HttpClient http;
    private final Cache<URI, Fetched> sets = Caffeine.newBuilder().maximumSize(MAX_URLS).build();

    /** The fetch under way per URL, so a slow one holds no lock that other URLs need. */
    private final ConcurrentHashMap<URI, CompletableFuture<Fetched>> inFlight =
            new ConcurrentHashMap<>();

    private JwksFetcher(JwksHosts hosts, Clock clock) {
        this.hosts = hosts;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http =
                HttpClient.newBuilder()
                        // One plain GET: no h2c upgrade dance with servers that ignore it.
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(CONNECT_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    /**
     * The source for these allowed hosts: {@link JwksSource#NONE} when there are none.
     *
     * @throws IllegalArgumentException for an entry that is no host
     */
    public static JwksSource forHosts(List<String> allowedHosts) {
        return forHosts(allowedHosts, Clock.systemUTC());
    }

    static JwksSource forHosts(List<String> allowedHosts, Clock clock) {
        JwksHosts hosts = JwksHosts.of(allowedHosts == null ? List.of() : allowedHosts);
        return hosts.isEmpty() ? JwksSource.NONE : new JwksFetcher(hosts, clock);
    }

    @Override
    public KeySet at(URI uri) {
        // Both checks before any request: a refusal here is the task's input refused.
        checkAddresses(uri, hosts.check(uri));
        URI key = uri.normalize();
        return kid -> keysFor(key, kid);
    }

    private VerificationKeys keysFor(URI uri, String kid) {
        Fetched fetched = sets.getIfPresent(uri);
        // Two rounds at most: a shared fetch made for another reason may lack this kid; the kid's
        // own fetch then follows, under needsFetch's rate rules.
        for (int round = 0; round < 2; round++) {
            if (fetched != null && !needsFetch(fetched, kid, clock.instant())) {
                return fetched.keys();
            }
            CompletableFuture<Fetched> mine = new CompletableFuture<>();
            CompletableFuture<Fetched> running = inFlight.putIfAbsent(uri, mine);
            if (running != null) {
                // One fetch per URL at a time, outside any lock: the others share its set, or its
                // failure, rather than each asking a slow or failing provider again in turn.
                fetched = await(running);
                continue;
            }
            try {
                fetched = fetchOver(uri, sets.getIfPresent(uri));
                sets.put(uri, fetched);
                mine.complete(fetched);
                return fetched.keys();
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
                throw e;
            } finally {
                inFlight.remove(uri, mine);
            }
        }
        return fetched.keys();
    }

    /** A fresh set; on a failure, the set still current if the fetch was for a kid it lacks. */
    private Fetched fetchOver(URI uri, Fetched current) {
        Instant now = clock.instant();
        // Unexpired, yet fetched again: for a kid it lacks.
        boolean forKid = current != null && now.isBefore(current.expiresAt());
        try {
            return fetch(uri, forKid);
        } catch (JwksUnavailableException e) {
            if (forKid) {
                // Keep what we had; wait the interval to try again.
                return new Fetched(current.keys(), now, current.expiresAt(), true);
            }
            throw e;
        }
    }

    /** Another task's fetch of the same URL, bounded like a fetch of one's own. */
    private static Fetched await(CompletableFuture<Fetched> running) {
        try {
            return running.get(
                    CONNECT_TIMEOUT.plus(READ_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new JwksUnavailableException(
                    "the JWK Set did not arrive within " + READ_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JwksUnavailableException("interrupted while fetching the JWK Set");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JwksUnavailableException unavailable) {
                throw new JwksUnavailableException(unavailable.getMessage());
            }
            throw new JwksUnavailableException(
                    "cannot fetch the JWK Set (" + e.getCause().getClass().getSimpleName() + ")");
        }
    }

    /**
     * Expired, or a kid the set lacks: the first such kid after a regular fetch fetches at once (a
     * key published since); later ones at most once per {@link #REFETCH_INTERVAL}, so a flood of
     * made-up kids costs the provider one request per interval.
     */
    private static boolean needsFetch(Fetched fetched, String kid, Instant now) {
        if (!now.isBefore(fetched.expiresAt())) {
            return true;
        }
        if (kid == null || fetched.keys().hasKeyId(kid)) {
            return false;
        }
        return !fetched.forUnknownKid()
                || !now.isBefore(fetched.fetchedAt().plus(REFETCH_INTERVAL));
    }

    private Fetched fetch(URI uri, boolean forUnknownKid) {
        HttpRequest request =
                HttpRequest.newBuilder(uri)
                        .timeout(READ_TIMEOUT)
                        .header("Accept", "application/json")
                        .GET()
                        .build();
        // The request's timeout covers the headers only: the whole exchange, body included, is
        // held to READ_TIMEOUT here, so a body sent a byte a second cannot hold the thread.
        CompletableFuture<HttpResponse<byte[]>> exchange =
                http.sendAsync(
                        request,
                        info ->
                                info.statusCode() == 200
                                        ? new LimitedBody()
                                        : HttpResponse.BodySubscribers.replacing(new byte[0]));
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new JwksUnavailableException(
                    "the JWK Set did not arrive within " + READ_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new JwksUnavailableException("interrupted while fetching the JWK Set");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JwksUnavailableException unavailable) {
                throw unavailable;
            }
            throw new JwksUnavailableException(
                    "cannot fetch the JWK Set (" + e.getCause().getClass().getSimpleName() + ")");
        }
        if (response.statusCode() != 200) {
            throw new JwksUnavailableException(
                    "the JWK Set URL answered HTTP "
                            + response.statusCode()
                            + " (redirects are not followed)");
        }
        byte[] body = response.body();
        VerificationKeys keys;
        try {
            keys = VerificationKeyParser.jwkSet(new String(body, StandardCharsets.UTF_8), true);
        } catch (KeyException e) {
            throw new JwksUnavailableException("the JWK Set " + e.rule());
        }
        Instant now = clock.instant();
        return new Fetched(keys, now, now.plus(cacheFor(response)), forUnknownKid);
    }

    /** Collects a body of at most {@link #MAX_BYTES}, cancelling the exchange past it. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                if (bytes.size() + item.remaining() > MAX_BYTES) {
                    subscription.cancel();
                    body.completeExceptionally(
                            new JwksUnavailableException(
                                    "the JWK Set is larger than " + MAX_BYTES + " bytes"));
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }
    }

    /** {@code max-age}, held within bounds; the default when absent. */
    static Duration cacheFor(HttpResponse<?> response) {
        OptionalLong maxAge = OptionalLong.empty();
        for (String value : response.headers().allValues("Cache-Control")) {
            Matcher matcher = MAX_AGE.matcher(value);
            if (matcher.find()) {
                maxAge = OptionalLong.of(Long.parseLong(matcher.group(1)));
            }
        }
        Duration age = maxAge.isPresent() ? Duration.ofSeconds(maxAge.getAsLong()) : DEFAULT_CACHE;
        if (age.compareTo(MIN_CACHE) < 0) {
            return MIN_CACHE;
        }
        return age.compareTo(MAX_CACHE) > 0 ? MAX_CACHE : age;
    }

    /**
     * Refuses a host whose addresses are local unless it was listed exactly. The JDK caches the
     * lookup (networkaddress.cache.ttl), so the client's own lookup an instant later sees the same
     * answer.
     */
    private static void checkAddresses(URI uri, boolean listedExactly) {
        if (listedExactly) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new JwksUnavailableException("cannot resolve the JWK Set's host");
        }
        for (InetAddress address : addresses) {
            if (JwksHosts.isLocal(address)) {
                throw new KeyException(JwksHosts.LOCAL_ADDRESS_MSG);
            }
        }
    }
}
