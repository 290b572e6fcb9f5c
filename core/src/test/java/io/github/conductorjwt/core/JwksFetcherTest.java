package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * jwksUri fetches against a JWKS server on loopback that counts its requests: the operator's
 * allowed hosts decide, refusals make no request, the cache honours max-age, and a key published
 * after the first fetch verifies on its first token.
 */
class JwksFetcherTest {

    static final KeyPair A = TestKeys.RSA_2048;
    static final KeyPair B = TestKeys.rsa(2048);

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger redirectTargetRequests = new AtomicInteger();
    private final AtomicReference<String> body = new AtomicReference<>();
    private final AtomicReference<String> cacheControl = new AtomicReference<>("max-age=300");
    private final TestClock clock = new TestClock(Instant.now());
    private String url;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/jwks.json",
                exchange -> {
                    requests.incrementAndGet();
                    byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Cache-Control", cacheControl.get());
                    exchange.sendResponseHeaders(200, bytes.length);
                    exchange.getResponseBody().write(bytes);
                    exchange.close();
                });
        server.createContext(
                "/moved",
                exchange -> {
                    requests.incrementAndGet();
                    exchange.getResponseHeaders().add("Location", url);
                    exchange.sendResponseHeaders(302, -1);
                    exchange.close();
                });
        server.createContext(
                "/target",
                exchange -> {
                    redirectTargetRequests.incrementAndGet();
                    exchange.sendResponseHeaders(500, -1);
                    exchange.close();
                });
        server.createContext(
                "/drip",
                exchange -> {
                    requests.incrementAndGet();
                    exchange.sendResponseHeaders(200, 0);
                    exchange.getResponseBody()
                            .write("{\"keys\":[".getBytes(StandardCharsets.UTF_8));
                    exchange.getResponseBody().flush();
                    try {
                        released.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                });
        server.createContext(
                "/failing",
                exchange -> {
                    requests.incrementAndGet();
                    try {
                        released.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.sendResponseHeaders(503, -1);
                    exchange.close();
                });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
        body.set(JwtVerifierTest.jwkSet(JwtVerifierTest.publicJwk(A, "a", null)));
    }

    private final java.util.concurrent.CountDownLatch released =
            new java.util.concurrent.CountDownLatch(1);

    @AfterEach
    void stop() {
        released.countDown();
        server.stop(0);
    }

    private Verification verify(JwksSource source, String jwksUri, KeyPair signer, String kid) {
        VerifyRequestReader reader = new VerifyRequestReader(10, source);
        String token = IndependentSigner.token("RS256", signer.getPrivate(), kid, Map.of());
        return new JwtVerifier(clock)
                .verify(reader.read(Map.of("token", token, "jwksUri", jwksUri)));
    }

    private static String refusal(JwksSource source, String jwksUri) {
        try {
            new VerifyRequestReader(10, source).read(Map.of("token", "t", "jwksUri", jwksUri));
        } catch (InvalidJwtInputException e) {
            assertThat(e.getMessage()).doesNotContain("127.0.0.1").doesNotContain("jwks.json");
            return e.getMessage();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void noHostAllowedByDefaultAndNoRequestIsMade() {
        assertThat(refusal(JwksFetcher.forHosts(List.of(), clock), url))
                .isEqualTo("jwksUri: " + JwksSource.NOT_ENABLED_MSG);
        assertThat(
                        refusal(
                                JwksFetcher.forHosts(
                                        List.of("idp.example.com", "*.example.com"), clock),
                                url))
                .isEqualTo("jwksUri: " + JwksHosts.HOST_NOT_ALLOWED_MSG);
        // Listed without http://: https only.
        assertThat(refusal(JwksFetcher.forHosts(List.of("127.0.0.1"), clock), url))
                .isEqualTo("jwksUri: " + JwksHosts.HTTPS_ONLY_MSG);

        assertThat(requests.get()).isZero();
    }

    @Test
    void aListedHostIsFetchedOnceAndCached() {
        JwksSource source = JwksFetcher.forHosts(List.of("http://127.0.0.1"), clock);

        assertThat(verify(source, url, A, "a").valid()).isTrue();
        assertThat(verify(source, url, A, "a").valid()).isTrue();
        assertThat(verify(source, url, A, null).valid()).isTrue();

        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void maxAgeIsHonouredWithinBounds() {
        cacheControl.set("public, max-age=60");
        JwksSource source = JwksFetcher.forHosts(List.of("http://127.0.0.1"), clock);
        verify(source, url, A, "a");
        clock.advance(Duration.ofSeconds(59));
        verify(source, url, A, "a");
        assertThat(requests.get()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        verify(source, url, A, "a");
        assertThat(requests.get()).isEqualTo(2);

        cacheControl.set("max-age=0");
        clock.advance(Duration.ofMinutes(2));
        verify(source, url, A, "a");
        verify(source, url, A, "a"); // held for MIN_CACHE, not refetched per token
        assertThat(requests.get()).isEqualTo(3);
    }

    /** Apigee's NoMatchingPublicKey after a rotation: the new key must verify its first token. */
    @Test
    void aKeyPublishedAfterTheFirstFetchVerifiesOnItsFirstToken() {
        JwksSource source = JwksFetcher.forHosts(List.of("http://127.0.0.1"), clock);
        assertThat(verify(source, url, A, "a").valid()).isTrue();

        body.set(
                JwtVerifierTest.jwkSet(
                        JwtVerifierTest.publicJwk(A, "a", null),
                        JwtVerifierTest.publicJwk(B, "b", null)));
        Verification rotated = verify(source, url, B, "b");

        assertThat(rotated.valid()).isTrue();
        assertThat(rotated.keyId()).isEqualTo("b");
        assertThat(requests.get()).isEqualTo(2);

        // An unknown kid refetches at most once per interval: a flood of made-up kids costs one.
        assertThat(verify(source, url, B, "made-up-1").error())
                .isEqualTo(VerifyErrorCode.KEY_NOT_FOUND);
        assertThat(verify(source, url, B, "made-up-2").error())
                .isEqualTo(VerifyErrorCode.KEY_NOT_FOUND);
        assertThat(requests.get()).isEqualTo(2);
        clock.advance(JwksFetcher.REFETCH_INTERVAL);
        assertThat(verify(source, url, B, "made-up-3").error())
                .isEqualTo(VerifyErrorCode.KEY_NOT_FOUND);
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void redirectsAreNotFollowed() {
        JwksSource source = JwksFetcher.forHosts(List.of("http://127.0.0.1"), clock);
        String moved = url.replace("/jwks.json", "/moved");
        url = url.replace("/jwks.json", "/target");

        assertThatThrownBy(() -> verify(source, moved, A, "a"))
                .isInstanceOf(JwksUnavailableException.class)
                .hasMessage("the JWK Set URL answered HTTP 302 (redirects are not followed)");
        assertThat(redirectTargetRequests.get()).isZero();
    }

    /** The request's own timeout covers the headers only; the body is held to it too. */
    @Test
    void aBodyThatNeverEndsIsCutOffAtTheReadTimeout() {
        JwksSource source = JwksFetcher.forHosts(List.of("http://127.0.0.1"), clock);
        String drip = url.replace("/jwks.json", "/drip");

        assertThatThrownBy(() -> verify(source, drip, A, "a"))
                .isInstanceOf(JwksUnavailableException.class)
                .hasMessage("the JWK Set did not arrive within 5 s");
    }

    /**
     * Tasks that ask for a URL while its fetch is failing share that failure: a failing or slow
     * provider is asked once, not once per waiting task in turn (each up to the read timeout).
     */
    @Test
    void tasksWaitingOnAFailingFetchShareItsFailure() throws Exception {
        JwksSource source = JwksFetcher.forHosts(List.of("http://127.0.0.1"), clock);
        String failing = url.replace("/jwks.json", "/failing");
        int tasks = 4;
        List<FutureTask<Verification>> verifying = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            FutureTask<Verification> task = new FutureTask<>(() -> verify(source, failing, A, "a"));
            verifying.add(task);
            threads.add(Thread.ofPlatform().start(task));
        }
        // The first fetch is held at the server until every task is waiting for the set.
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                requests.get() == 1
                                        && threads.stream()
                                                .allMatch(
                                                        t ->
                                                                t.getState() == Thread.State.BLOCKED
                                                                        || t.getState()
                                                                                == Thread.State
                                                                                        .WAITING
                                                                        || t.getState()
                                                                                == Thread.State
                                                                                        .TIMED_WAITING));
        released.countDown();

        for (FutureTask<Verification> task : verifying) {
            assertThatThrownBy(task::get)
                    .hasCauseInstanceOf(JwksUnavailableException.class)
                    .hasRootCauseMessage(
                            "the JWK Set URL answered HTTP 503 (redirects are not followed)");
        }
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void anOversizedOrEmptySetIsUnavailable() {
        JwksSource source = JwksFetcher.forHosts(List.of("http://127.0.0.1"), clock);
        body.set("{\"keys\":[],\"pad\":\"" + "x".repeat(JwksFetcher.MAX_BYTES) + "\"}");
        assertThatThrownBy(() -> verify(source, url, A, "a"))
                .isInstanceOf(JwksUnavailableException.class)
                .hasMessage("the JWK Set is larger than 262144 bytes");
        body.set("{\"keys\":[]}");
        assertThatThrownBy(() -> verify(source, url, A, "a"))
                .isInstanceOf(JwksUnavailableException.class)
                .hasMessageStartingWith("the JWK Set is a JWK Set with no public signing key");
    }

    @Test
    void aWildcardNeverMatchesLookAlikesAndNeverReachesLocalAddresses() {
        JwksHosts hosts = JwksHosts.of(List.of("*.example.com"));
        assertThat(hosts.check(URI.create("https://idp.example.com/k"))).isFalse();
        for (String host :
                List.of(
                        "https://example.com.evil.org/k",
                        "https://evilexample.com/k",
                        "https://example.com/k")) {
            assertThatThrownBy(() -> hosts.check(URI.create(host)))
                    .isInstanceOf(KeyException.class);
        }
        for (String local :
                List.of(
                        "10.1.2.3",
                        "192.168.0.1",
                        "172.16.0.1",
                        "169.254.169.254",
                        "100.64.0.1",
                        "127.0.0.1",
                        "::1",
                        "fc00::1",
                        "fe80::1",
                        "0.0.0.0")) {
            assertThat(JwksHosts.isLocal(address(local))).as(local).isTrue();
        }
        assertThat(JwksHosts.isLocal(address("8.8.8.8"))).isFalse();
        assertThat(JwksHosts.isLocal(address("2001:4860:4860::8888"))).isFalse();
    }

    @Test
    void aWildcardHostResolvingToLoopbackIsRefused() {
        // 127.0.0.1 matches "*.0.0.1": listed by a wildcard, not exactly.
        JwksSource source = JwksFetcher.forHosts(List.of("http://*.0.0.1"), clock);
        assertThat(refusal(source, url)).isEqualTo("jwksUri: " + JwksHosts.LOCAL_ADDRESS_MSG);
        assertThat(requests.get()).isZero();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
