package io.github.conductorjwt.core;

import static io.github.conductorjwt.core.VerifyInputNames.ALGORITHMS;
import static io.github.conductorjwt.core.VerifyInputNames.AUDIENCE;
import static io.github.conductorjwt.core.VerifyInputNames.CLAIMS;
import static io.github.conductorjwt.core.VerifyInputNames.CLOCK_SKEW_SECONDS;
import static io.github.conductorjwt.core.VerifyInputNames.FAIL_ON_INVALID;
import static io.github.conductorjwt.core.VerifyInputNames.ISSUER;
import static io.github.conductorjwt.core.VerifyInputNames.JWKS_URI;
import static io.github.conductorjwt.core.VerifyInputNames.KEY_NAME;
import static io.github.conductorjwt.core.VerifyInputNames.KEY_SOURCES;
import static io.github.conductorjwt.core.VerifyInputNames.MAX_LIFETIME_SECONDS;
import static io.github.conductorjwt.core.VerifyInputNames.PUBLIC_KEY;
import static io.github.conductorjwt.core.VerifyInputNames.SECRET_KEY;
import static io.github.conductorjwt.core.VerifyInputNames.SUBJECT;
import static io.github.conductorjwt.core.VerifyInputNames.TOKEN;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns VERIFY_JWT's input map into a validated {@link VerifyRequest}: the one place that knows its
 * inputs' rules (their names are {@link VerifyInputNames}'). Every broken rule is reported at once,
 * by field. The token itself is never judged here: whatever it holds is a verdict of {@link
 * JwtVerifier} (an error code a workflow can branch on), not a broken input.
 */
public final class VerifyRequestReader {

    static final String KEY_SOURCE_MISSING_MSG = "give one of %s";
    static final String KEY_SOURCES_MSG = "give only one of %s (given: %s)";
    static final String NO_HELD_KEYS_MSG =
            "this runtime holds no keys; keyName is served by the conductor-jwt worker";
    static final String ALGORITHMS_UNFIT_MSG =
            "none of them verifies with the key given (it verifies %s)";
    static final String CLAIM_OF_INPUT_MSG = "'%s' is checked by the %s input; give it there";
    static final String TIME_CLAIM_MSG = "'%s' is checked against the clock, not a value";
    static final String NOT_BOOLEAN_MSG = "must be true or false";
    static final String JWKS_URI_MSG = "must be an absolute http(s) URL without user info";

    /** Claims another input checks, and that input. */
    private static final Map<String, String> CLAIM_INPUTS =
            Map.of("iss", ISSUER, "sub", SUBJECT, "aud", AUDIENCE);

    private static final Set<String> TIME_CLAIMS = Set.of("exp", "nbf", "iat");

    /**
     * Optional inputs, every one but the token: a blank value ({@code ""}, {@code []}, {@code {}})
     * is absent.
     */
    private static final Set<String> BLANK_IS_ABSENT =
            VerifyInputNames.ALL.stream()
                    .filter(name -> !name.equals(TOKEN))
                    .collect(Collectors.toUnmodifiableSet());

    private final Cache<ParsedKeyId, Object> keys;

    /**
     * A parsed key's cache key: the input it came from and a digest of its text, never the text.
     */
    private record ParsedKeyId(String field, ConfidentialText.Fingerprint text) {}

    private final JwksSource jwks;

    /** No {@code jwksUri} allowed. */
    public VerifyRequestReader(int keyCacheSize) {
        this(keyCacheSize, JwksSource.NONE);
    }

    /**
     * @param keyCacheSize parsed keys kept, by digest of their text; 0 parses every time
     * @param jwks what a {@code jwksUri} is turned into, or refused by
     */
    public VerifyRequestReader(int keyCacheSize, JwksSource jwks) {
        this.keys =
                Caffeine.newBuilder()
                        .maximumSize(keyCacheSize)
                        .expireAfterAccess(Duration.ofHours(1))
                        .build();
        this.jwks = Objects.requireNonNull(jwks, "jwks");
    }

    /**
     * @throws InvalidJwtInputException listing every field that breaks a rule
     */
    public VerifyRequest read(Map<String, ?> input) {
        Inputs inputs = new Inputs(withoutBlanks(input));
        String token = token(inputs);
        Set<SigningAlgorithm> given = algorithms(inputs);
        KeySource source = keySource(inputs);
        String issuer = inputs.optionalText(ISSUER);
        String subject = inputs.optionalText(SUBJECT);
        List<String> audience = inputs.textList(AUDIENCE, false, InputLimits.MAX_AUDIENCES);
        Map<String, Object> claims = claims(inputs);
        Long skew =
                inputs.has(CLOCK_SKEW_SECONDS)
                        ? inputs.wholeNumber(
                                CLOCK_SKEW_SECONDS,
                                "seconds",
                                0,
                                InputLimits.MAX_CLOCK_SKEW_SECONDS,
                                "")
                        : Long.valueOf(InputLimits.DEFAULT_CLOCK_SKEW_SECONDS);
        Long lifetime =
                inputs.has(MAX_LIFETIME_SECONDS)
                        ? inputs.wholeNumber(
                                MAX_LIFETIME_SECONDS,
                                "seconds",
                                1,
                                InputLimits.MAX_LIFETIME_SECONDS,
                                "")
                        : null;
        Boolean failOnInvalid = failOnInvalid(inputs);
        Set<SigningAlgorithm> accepted = accepted(inputs, given, source);
        inputs.throwIfInvalid();
        return new VerifyRequest(
                token,
                source.keys(),
                source.fetched(),
                accepted,
                issuer,
                subject,
                audience,
                claims,
                Duration.ofSeconds(skew),
                lifetime == null ? null : Duration.ofSeconds(lifetime),
                failOnInvalid);
    }

    /** The token as given: anything but a string is left to the verifier to call MALFORMED. */
    private static String token(Inputs inputs) {
        Object value = inputs.value(TOKEN);
        if (!(value instanceof String text)) {
            return null;
        }
        if (text.length() > InputLimits.MAX_TOKEN_CHARS + 16) {
            return text; // refused unread by the verifier
        }
        String stripped = text.strip();
        if (stripped.regionMatches(true, 0, "Bearer ", 0, 7)) {
            stripped = stripped.substring(7).strip();
        }
        return stripped;
    }

    private static Set<SigningAlgorithm> algorithms(Inputs inputs) {
        List<String> names = inputs.textList(ALGORITHMS, true, SigningAlgorithm.values().length);
        if (names == null) {
            return null;
        }
        Set<SigningAlgorithm> algorithms = EnumSet.noneOf(SigningAlgorithm.class);
        for (String name : names) {
            try {
                algorithms.add(SigningAlgorithm.named(name));
            } catch (IllegalArgumentException e) {
                inputs.reject(ALGORITHMS, e.getMessage());
                return null;
            }
        }
        return algorithms;
    }

    /** Where the keys come from; {@code keys} null after recording why there are none. */
    private record KeySource(KeySet keys, boolean fetched, Set<SigningAlgorithm> verifiable) {}

    private static final KeySource NO_KEYS = new KeySource(null, false, null);

    private KeySource keySource(Inputs inputs) {
        List<String> given = KEY_SOURCES.stream().filter(inputs::has).toList();
        if (given.isEmpty()) {
            inputs.reject(
                    PUBLIC_KEY, KEY_SOURCE_MISSING_MSG.formatted(String.join(", ", KEY_SOURCES)));
            return NO_KEYS;
        }
        if (given.size() > 1) {
            inputs.reject(
                    given.get(1),
                    KEY_SOURCES_MSG.formatted(
                            String.join(", ", KEY_SOURCES), String.join(", ", given)));
            return NO_KEYS;
        }
        String field = given.get(0);
        return switch (field) {
            case PUBLIC_KEY -> parsed(inputs, PUBLIC_KEY, InputLimits.MAX_PUBLIC_KEY_CHARS);
            case SECRET_KEY -> parsed(inputs, SECRET_KEY, InputLimits.MAX_KEY_CHARS);
            case JWKS_URI -> fetched(inputs);
            default -> {
                inputs.reject(KEY_NAME, NO_HELD_KEYS_MSG);
                yield NO_KEYS;
            }
        };
    }

    private KeySource parsed(Inputs inputs, String field, int maxChars) {
        String text = inputs.requiredText(field, maxChars);
        if (text == null) {
            return NO_KEYS;
        }
        ParsedKeyId cacheKey = new ParsedKeyId(field, ConfidentialText.of(text).fingerprint());
        Object parsed =
                keys.get(
                        cacheKey,
                        k -> {
                            try {
                                return field.equals(SECRET_KEY)
                                        ? VerificationKeyParser.secret(text)
                                        : VerificationKeyParser.publicKeys(text);
                            } catch (KeyException refused) {
                                return refused;
                            }
                        });
        if (parsed instanceof KeyException refused) {
            inputs.reject(field, refused.rule());
            return NO_KEYS;
        }
        VerificationKeys verificationKeys = (VerificationKeys) parsed;
        return new KeySource(KeySet.fixed(verificationKeys), false, verificationKeys.algorithms());
    }

    private KeySource fetched(Inputs inputs) {
        String text = inputs.requiredText(JWKS_URI, InputLimits.MAX_TEXT_CHARS);
        if (text == null) {
            return NO_KEYS;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            inputs.reject(JWKS_URI, JWKS_URI_MSG);
            return NO_KEYS;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute()
                || !(scheme.equals("https") || scheme.equals("http"))
                || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            inputs.reject(JWKS_URI, JWKS_URI_MSG);
            return NO_KEYS;
        }
        try {
            // A JWK Set verifies asymmetric algorithms only: a secret is never published.
            Set<SigningAlgorithm> asymmetric = EnumSet.noneOf(SigningAlgorithm.class);
            for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
                if (algorithm.family() != SigningAlgorithm.KeyFamily.HMAC) {
                    asymmetric.add(algorithm);
                }
            }
            return new KeySource(jwks.at(uri), true, asymmetric);
        } catch (KeyException refused) {
            inputs.reject(JWKS_URI, refused.rule());
            return NO_KEYS;
        }
    }

    /** The algorithms given (or all) that the key verifies; none is a broken input. */
    private static Set<SigningAlgorithm> accepted(
            Inputs inputs, Set<SigningAlgorithm> given, KeySource source) {
        if (given == null || source.verifiable() == null) {
            return null;
        }
        if (given.isEmpty()) {
            return source.verifiable();
        }
        Set<SigningAlgorithm> accepted = EnumSet.copyOf(given);
        accepted.retainAll(source.verifiable());
        if (accepted.isEmpty()) {
            inputs.reject(ALGORITHMS, ALGORITHMS_UNFIT_MSG.formatted(names(source.verifiable())));
        }
        return accepted;
    }

    private static String names(Set<SigningAlgorithm> algorithms) {
        return String.join(", ", algorithms.stream().map(Enum::name).toList());
    }

    private static Map<String, Object> claims(Inputs inputs) {
        Map<String, Object> claims = inputs.optionalObject(CLAIMS);
        if (claims == null) {
            return Map.of();
        }
        for (String name : claims.keySet()) {
            if (CLAIM_INPUTS.containsKey(name)) {
                inputs.reject(CLAIMS, CLAIM_OF_INPUT_MSG.formatted(name, CLAIM_INPUTS.get(name)));
            } else if (TIME_CLAIMS.contains(name)) {
                inputs.reject(CLAIMS, TIME_CLAIM_MSG.formatted(name));
            }
        }
        return new LinkedHashMap<>(claims);
    }

    private static Boolean failOnInvalid(Inputs inputs) {
        Object value = inputs.value(FAIL_ON_INVALID);
        if (value == null || Boolean.TRUE.equals(value)) {
            return true;
        }
        if (Boolean.FALSE.equals(value)) {
            return false;
        }
        // Expressions and forms may hand a boolean over as text.
        if (value instanceof String text && text.strip().equalsIgnoreCase("true")) {
            return true;
        }
        if (value instanceof String text && text.strip().equalsIgnoreCase("false")) {
            return false;
        }
        inputs.reject(FAIL_ON_INVALID, NOT_BOOLEAN_MSG + ", was " + Inputs.typeName(value));
        return true;
    }

    private static Map<String, ?> withoutBlanks(Map<String, ?> input) {
        if (input == null) {
            return Map.of();
        }
        Map<String, Object> kept = new HashMap<>(input);
        kept.entrySet()
                .removeIf(
                        e ->
                                BLANK_IS_ABSENT.contains(e.getKey())
                                        && (e.getValue() instanceof String text && text.isBlank()
                                                || e.getValue() instanceof List<?> list
                                                        && list.isEmpty()
                                                || e.getValue() instanceof Map<?, ?> map
                                                        && map.isEmpty()));
        return kept;
    }
}
