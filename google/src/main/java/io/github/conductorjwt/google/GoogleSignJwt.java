package io.github.conductorjwt.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import io.github.conductorjwt.core.ClaimSet;
import io.github.conductorjwt.core.HeldKeyUnavailableException;
import io.github.conductorjwt.core.HeldSigner;
import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.core.JwtInputNames;
import io.github.conductorjwt.core.JwtRequest;
import io.github.conductorjwt.core.SignedJwt;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.jsonwebtoken.security.PublicJwk;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A Google service account as a held key: IAM Credentials {@code signJwt} signs our validated
 * claims with a key Google manages and no one can download, and writes the header (RS256, its own
 * {@code kid}). Its public keys are Google's to publish, at {@link #jwksUrl()}.
 *
 * <p>Calls {@code POST {endpoint}/v1/projects/-/serviceAccounts/{email}:signJwt} with {@code
 * {"payload": "<claims JSON>", "delegates": [...]}} and a bearer token from google-auth-library's
 * credentials (Application Default Credentials, or a credentials file). Google refusing the account
 * (400, 403, 404) is terminal and names {@code keyName}; 429, 5xx, timeouts and unreachable
 * endpoints are retryable. No response body, token or credential is ever in a reason.
 */
public final class GoogleSignJwt implements HeldSigner {

    /** The IAM Credentials API of Google's default universe. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://iamcredentials.googleapis.com");

    /** signJwt refuses a JWT whose exp is more than 12 h after its iat. */
    public static final Duration MAX_TTL = Duration.ofHours(12);

    /** The scope signJwt needs (iam.serviceAccounts.signJwt is granted by a role, not a scope). */
    static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    static final String REFUSED_MSG =
            "Google refused to sign for held key '%s' (HTTP %d): check the service account and"
                    + " that the caller may sign for it (roles/iam.serviceAccountTokenCreator)";
    static final String UNAVAILABLE_HTTP_MSG = "Google answered HTTP %d";
    static final String TIMEOUT_MSG = "Google did not answer within %d s";
    static final String UNREACHABLE_MSG = "cannot reach Google (%s)";
    static final String NO_ACCESS_TOKEN_MSG = "cannot get an access token (%s)";
    static final String BAD_ANSWER_MSG = "Google's answer is not a signJwt answer";

    private static final Pattern EMAIL =
            Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,255}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String email;
    private final List<String> delegates;
    private final URI signJwt;
    private final GoogleCredentials credentials;
    private final HttpClient http;
    private final Clock clock;
    private final Duration callTimeout;

    /**
     * @param name the key name tasks use
     * @param email the service account that signs
     * @param delegates service accounts in the delegation chain, each granting the next
     * @param endpoint the IAM Credentials API, e.g. {@link #DEFAULT_ENDPOINT}
     * @param credentials the caller's credentials, e.g. {@link
     *     GoogleCredentials#getApplicationDefault()}
     * @throws IllegalArgumentException for an e-mail or endpoint that cannot be one, naming which
     */
    public GoogleSignJwt(
            String name,
            String email,
            List<String> delegates,
            URI endpoint,
            GoogleCredentials credentials,
            Clock clock) {
        this(name, email, delegates, endpoint, credentials, clock, CALL_TIMEOUT);
    }

    /** As above, with a shorter bound on the signJwt call: for tests of a late answer. */
    GoogleSignJwt(
            String name,
            String email,
            List<String> delegates,
            URI endpoint,
            GoogleCredentials credentials,
            Clock clock,
            Duration callTimeout) {
        this.callTimeout = callTimeout;
        this.name = name;
        this.email = checkedEmail(email, "the service account");
        this.delegates =
                delegates.stream()
                        .map(
                                delegate ->
                                        "projects/-/serviceAccounts/"
                                                + checkedEmail(delegate, "a delegate"))
                        .toList();
        if (endpoint.getHost() == null
                || !("https".equals(endpoint.getScheme()) || "http".equals(endpoint.getScheme()))
                || endpoint.getRawQuery() != null
                || endpoint.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "the endpoint must be an https:// URL without query");
        }
        String base = endpoint.toString().replaceAll("/+$", "");
        this.signJwt =
                URI.create(base + "/v1/projects/-/serviceAccounts/" + this.email + ":signJwt");
        this.credentials =
                credentials.createScopedRequired()
                        ? credentials.createScoped(CLOUD_PLATFORM)
                        : credentials;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        this.clock = clock;
    }

    private static String checkedEmail(String email, String what) {
        if (email == null || !EMAIL.matcher(email).matches()) {
            throw new IllegalArgumentException(what + " must be a service account e-mail");
        }
        return email;
    }

    /** Where Google publishes this account's public keys, for verifiers. */
    public URI jwksUrl() {
        return URI.create("https://www.googleapis.com/service_accounts/v1/metadata/jwk/" + email);
    }

    @Override
    public String name() {
        return name;
    }

    /** Google picks the key and writes its kid. */
    @Override
    public String keyId() {
        return null;
    }

    @Override
    public List<SigningAlgorithm> algorithms() {
        return List.of(SigningAlgorithm.RS256);
    }

    @Override
    public boolean remote() {
        return true;
    }

    @Override
    public Duration maxTtl() {
        return MAX_TTL;
    }

    @Override
    public boolean writesHeader() {
        return true;
    }

    @Override
    public String identity() {
        return email;
    }

    @Override
    public SignedJwt sign(JwtRequest request) {
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String jti = request.jti() != null ? request.jti() : UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        try {
            body.put("payload", JSON.writeValueAsString(ClaimSet.of(request, issuedAt, jti)));
            if (!delegates.isEmpty()) {
                body.put("delegates", delegates);
            }
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(signJwt)
                                    .timeout(callTimeout)
                                    .header("Authorization", "Bearer " + accessToken())
                                    .header("Content-Type", "application/json")
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    JSON.writeValueAsString(body)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return answer(response.statusCode(), response.body(), request, issuedAt, jti);
        } catch (HttpTimeoutException e) {
            throw new HeldKeyUnavailableException(
                    name, TIMEOUT_MSG.formatted(callTimeout.toSeconds()));
        } catch (IOException e) {
            throw new HeldKeyUnavailableException(
                    name, UNREACHABLE_MSG.formatted(e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HeldKeyUnavailableException(name, UNREACHABLE_MSG.formatted("interrupted"));
        }
    }

    /** A fresh-enough access token; google-auth-library refreshes it ahead of its expiry. */
    private String accessToken() {
        try {
            credentials.refreshIfExpired();
            AccessToken token = credentials.getAccessToken();
            if (token == null) {
                throw new IOException("no token");
            }
            return token.getTokenValue();
        } catch (IOException | RuntimeException e) {
            throw new HeldKeyUnavailableException(
                    name, NO_ACCESS_TOKEN_MSG.formatted(e.getClass().getSimpleName()));
        }
    }

    private SignedJwt answer(
            int status, String body, JwtRequest request, Instant issuedAt, String jti) {
        if (status == 400 || status == 403 || status == 404) {
            // The account, its permissions or the claims: retrying cannot help. Never the body.
            throw new InvalidJwtInputException(
                    JwtInputNames.KEY_NAME, REFUSED_MSG.formatted(name, status));
        }
        if (status != 200) {
            throw new HeldKeyUnavailableException(name, UNAVAILABLE_HTTP_MSG.formatted(status));
        }
        try {
            JsonNode answer = JSON.readTree(body);
            String token = answer.path("signedJwt").asText(null);
            String keyId = answer.path("keyId").asText(null);
            if (token == null || keyId == null || token.isBlank()) {
                throw new HeldKeyUnavailableException(name, BAD_ANSWER_MSG);
            }
            return new SignedJwt(
                    token,
                    keyId,
                    SigningAlgorithm.RS256.name(),
                    issuedAt,
                    issuedAt.plus(request.ttl()),
                    jti);
        } catch (IOException e) {
            throw new HeldKeyUnavailableException(name, BAD_ANSWER_MSG);
        }
    }

    /** Nothing to publish here: Google publishes the account's keys at {@link #jwksUrl()}. */
    @Override
    public List<PublicJwk<?>> publicJwks() {
        return List.of();
    }

    @Override
    public String toString() {
        return "Google service account key '"
                + name
                + "' ("
                + email
                + " via "
                + signJwt.getHost()
                + ")";
    }
}
