package io.github.conductorjwt.core;

import static io.github.conductorjwt.core.JwtInputNames.ADDITIONAL_CLAIMS;
import static io.github.conductorjwt.core.JwtInputNames.ALGORITHM;
import static io.github.conductorjwt.core.JwtInputNames.AUDIENCE;
import static io.github.conductorjwt.core.JwtInputNames.HEADERS;
import static io.github.conductorjwt.core.JwtInputNames.ISSUER;
import static io.github.conductorjwt.core.JwtInputNames.JTI;
import static io.github.conductorjwt.core.JwtInputNames.NOT_BEFORE;
import static io.github.conductorjwt.core.JwtInputNames.PRIVATE_KEY;
import static io.github.conductorjwt.core.JwtInputNames.PRIVATE_KEY_ID;
import static io.github.conductorjwt.core.JwtInputNames.PRIVATE_KEY_PASSWORD;
import static io.github.conductorjwt.core.JwtInputNames.SCOPES;
import static io.github.conductorjwt.core.JwtInputNames.SUBJECT;
import static io.github.conductorjwt.core.JwtInputNames.TTL_IN_SECOND;
import static io.github.conductorjwt.core.JwtInputNames.TTL_IN_SECONDS;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a task's input map into a validated {@link JwtRequest}: the one place that knows the
 * inputs' rules and the claims they become (their names are {@link JwtInputNames}'). Every broken
 * rule is reported at once. The key is parsed here too (through a bounded cache), because a key
 * file can supply defaults for other inputs.
 */
public final class JwtRequestReader {

    /** Claims another input sets, and that input: never to be given again in additionalClaims. */
    private static final Map<String, String> CLAIM_INPUTS =
            Map.of(
                    "iss", ISSUER,
                    "sub", SUBJECT,
                    "aud", AUDIENCE,
                    "exp", TTL_IN_SECOND,
                    "nbf", NOT_BEFORE,
                    "jti", JTI,
                    "scope", SCOPES);

    // Messages whose rule names another input; each follows the name of the input at fault.
    static final String PASSWORD_MISSING_MSG = "is encrypted; give its password in %s";
    static final String PASSWORD_WRONG_MSG = "does not decrypt %s";
    static final String PASSWORD_NOT_NEEDED_MSG = "given, but %s is not an encrypted PKCS#8 key";

    /** The unit of the TTL and notBefore, named in their rules. */
    private static final String SECONDS = "seconds";

    static final String SCOPE_TOKEN_MSG =
            "every scope must be an RFC 6749 scope-token: printable ASCII without space, '\"' or"
                    + " '\\'";
    static final String TTL_MISSING_MSG = "is required (or its spelling %s)";
    static final String TTL_SPELLINGS_DIFFER_MSG =
            "differs from %s (%d, not %d); give one spelling";
    static final String CLAIM_OF_INPUT_MSG = "'%s' is set by the %s input; give it there only";

    // Messages of a held key's rules; each names the key (an operator's name), never the input.
    static final String HELD_KEY_TEXT_MSG = "give keyName or privateKey, not both";
    static final String HELD_KEY_PASSWORD_MSG = "given with keyName, whose key needs none";
    static final String HELD_ALGORITHM_MSG =
            "held key '%s' signs with %s only; leave %s out or give that";
    static final String HELD_HEADER_MSG =
            "held key '%s' has its signer write the header; leave it out";
    static final String HELD_TTL_MSG = "held key '%s' signs tokens of at most %d seconds";

    private final SigningPolicy policy;
    private final KeyCache keys;

    /** Keys for the JDK's providers. */
    public JwtRequestReader(SigningPolicy policy) {
        this(policy, SigningProvider.JDK);
    }

    /**
     * @param provider what the keys are parsed for and their tokens signed with
     */
    public JwtRequestReader(SigningPolicy policy, SigningProvider provider) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.keys = new KeyCache(policy.keyCacheSize(), Objects.requireNonNull(provider));
    }

    /**
     * @throws InvalidJwtInputException listing every field that breaks a rule
     */
    public JwtRequest read(Map<String, ?> input) {
        return read(input, null);
    }

    /**
     * The request a held key signs: as {@link #read(Map)}, but the key is {@code held}'s, named by
     * {@code keyName} (left out of {@code input}); the algorithm must be one it signs, and a signer
     * that writes its own header refuses {@code privateKeyId} and {@code headers}.
     *
     * @param held the key the task named, or {@code null} for the key in {@code privateKey}
     * @throws InvalidJwtInputException listing every field that breaks a rule
     */
    public JwtRequest read(Map<String, ?> input, HeldSigner held) {
        Inputs inputs = new Inputs(BlankInputs.withoutBlankOptionals(input));
        SigningAlgorithm algorithm;
        SigningKey key;
        String keyId;
        if (held == null) {
            algorithm = algorithm(inputs);
            key = key(inputs, algorithm);
            keyId = orDefault(inputs.optionalText(PRIVATE_KEY_ID), key, SigningKey::keyId);
        } else {
            algorithm = heldAlgorithm(inputs, held);
            key = null;
            keyId = heldKeyId(inputs, held);
        }
        String identity = held != null ? held.identity() : key == null ? null : key.clientEmail();
        String issuer = required(inputs, ISSUER, identity);
        String subject = required(inputs, SUBJECT, identity);
        List<String> audience = audience(inputs);
        Duration ttl = ttl(inputs);
        if (held != null
                && held.maxTtl() != null
                && ttl != null
                && ttl.compareTo(held.maxTtl()) > 0) {
            inputs.reject(
                    TTL_IN_SECOND, HELD_TTL_MSG.formatted(held.name(), held.maxTtl().toSeconds()));
        }
        Duration notBefore = notBefore(inputs, ttl);
        String jti = inputs.optionalText(JTI);
        List<String> scopes = scopes(inputs);
        Map<String, Object> claims = additionalClaims(inputs);
        Map<String, Object> headers = headers(inputs);
        if (held != null && held.writesHeader() && inputs.has(HEADERS)) {
            inputs.reject(HEADERS, HELD_HEADER_MSG.formatted(held.name()));
        }
        inputs.throwIfInvalid();
        JwtRequest request =
                new JwtRequest(
                        issuer, subject, audience, keyId, ttl, notBefore, jti, scopes, claims,
                        headers, algorithm, key);
        TokenSize.check(request);
        return request;
    }

    /** One string is one audience, written as a string; only a list gives several. */
    private static List<String> audience(Inputs inputs) {
        if (!inputs.has(AUDIENCE)) {
            inputs.reject(AUDIENCE, "is required");
            return null;
        }
        List<String> audience = inputs.textList(AUDIENCE, false, InputLimits.MAX_AUDIENCES);
        if (audience != null && audience.isEmpty()) {
            inputs.reject(AUDIENCE, "must not be empty");
        }
        return audience;
    }

    private SigningAlgorithm algorithm(Inputs inputs) {
        String name = inputs.optionalText(ALGORITHM);
        if (name == null) {
            return inputs.has(ALGORITHM) ? null : policy.defaultAlgorithm();
        }
        try {
            return SigningAlgorithm.named(name);
        } catch (IllegalArgumentException e) {
            inputs.reject(ALGORITHM, e.getMessage());
            return null;
        }
    }

    private SigningAlgorithm heldAlgorithm(Inputs inputs, HeldSigner held) {
        if (inputs.has(PRIVATE_KEY)) {
            inputs.reject(JwtInputNames.KEY_NAME, HELD_KEY_TEXT_MSG);
        }
        if (inputs.has(PRIVATE_KEY_PASSWORD)) {
            inputs.reject(PRIVATE_KEY_PASSWORD, HELD_KEY_PASSWORD_MSG);
        }
        List<SigningAlgorithm> signs = held.algorithms();
        if (!inputs.has(ALGORITHM)) {
            return signs.get(0);
        }
        SigningAlgorithm asked = algorithm(inputs);
        if (asked != null && !signs.contains(asked)) {
            inputs.reject(
                    ALGORITHM,
                    HELD_ALGORITHM_MSG.formatted(
                            held.name(),
                            String.join(", ", signs.stream().map(Enum::name).toList()),
                            ALGORITHM));
            return null;
        }
        return asked;
    }

    private static String heldKeyId(Inputs inputs, HeldSigner held) {
        if (held.writesHeader()) {
            if (inputs.has(PRIVATE_KEY_ID)) {
                inputs.reject(PRIVATE_KEY_ID, HELD_HEADER_MSG.formatted(held.name()));
            }
            return null;
        }
        String given = inputs.optionalText(PRIVATE_KEY_ID);
        return given != null ? given : held.keyId();
    }

    /** The parsed key, checked against the algorithm; {@code null} after recording why not. */
    private SigningKey key(Inputs inputs, SigningAlgorithm algorithm) {
        String text = inputs.requiredText(PRIVATE_KEY, InputLimits.MAX_KEY_CHARS);
        String password = inputs.optionalText(PRIVATE_KEY_PASSWORD);
        boolean passwordUnusable = inputs.has(PRIVATE_KEY_PASSWORD) && password == null;
        if (text == null || algorithm == null || passwordUnusable) {
            return null;
        }
        try {
            SigningKey key =
                    keys.get(
                            ConfidentialText.of(text),
                            algorithm,
                            password == null ? null : ConfidentialText.of(password));
            KeyRules.check(key, algorithm);
            return key;
        } catch (KeyException e) {
            inputs.rejectAll(refusal(e));
            return null;
        }
    }

    /**
     * A key error as a refusal of the input at fault: the key layer knows no input names, so they
     * are attached here.
     */
    public static InvalidJwtInputException refusal(KeyException e) {
        if (e instanceof KeyPasswordException password) {
            return switch (password.problem()) {
                case MISSING ->
                        new InvalidJwtInputException(
                                PRIVATE_KEY, PASSWORD_MISSING_MSG.formatted(PRIVATE_KEY_PASSWORD));
                case WRONG ->
                        new InvalidJwtInputException(
                                PRIVATE_KEY_PASSWORD, PASSWORD_WRONG_MSG.formatted(PRIVATE_KEY));
                case NOT_ENCRYPTED ->
                        new InvalidJwtInputException(
                                PRIVATE_KEY_PASSWORD,
                                PASSWORD_NOT_NEEDED_MSG.formatted(PRIVATE_KEY));
            };
        }
        return new InvalidJwtInputException(PRIVATE_KEY, e.rule());
    }

    /**
     * A required text that a service account may supply: a key file's {@code client_email}, a held
     * signer's identity.
     */
    private static String required(Inputs inputs, String field, String identity) {
        if (inputs.has(field) || identity == null) {
            return inputs.requiredText(field);
        }
        return identity;
    }

    private static String orDefault(
            String given,
            SigningKey key,
            java.util.function.Function<SigningKey, String> fallback) {
        return given != null || key == null ? given : fallback.apply(key);
    }

    /**
     * The scopes, each an RFC 6749 §3.3 scope-token: an item with a space would otherwise become
     * several scopes in the space-separated claim (["read write", "admin"] would grant three).
     */
    private static List<String> scopes(Inputs inputs) {
        List<String> scopes = inputs.textList(SCOPES, true, InputLimits.MAX_SCOPES);
        if (scopes != null && !scopes.stream().allMatch(JwtRequestReader::isScopeToken)) {
            inputs.reject(SCOPES, SCOPE_TOKEN_MSG);
            return null;
        }
        return scopes;
    }

    /** scope-token = 1*( %x21 / %x23-5B / %x5D-7E ) */
    static boolean isScopeToken(String scope) {
        for (int i = 0; i < scope.length(); i++) {
            char c = scope.charAt(i);
            if (c < 0x21 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return !scope.isEmpty();
    }

    /** Either spelling may be used; both are fine only when they agree. */
    private Duration ttl(Inputs inputs) {
        boolean singular = inputs.has(TTL_IN_SECOND);
        boolean plural = inputs.has(TTL_IN_SECONDS);
        if (!singular && !plural) {
            inputs.reject(TTL_IN_SECOND, TTL_MISSING_MSG.formatted(TTL_IN_SECONDS));
            return null;
        }
        String field = singular ? TTL_IN_SECOND : TTL_IN_SECONDS;
        Long seconds = inputs.wholeNumber(field, SECONDS, 1, policy.maxTtl().toSeconds(), "");
        if (singular && plural) {
            Long other =
                    inputs.wholeNumber(TTL_IN_SECONDS, SECONDS, 1, policy.maxTtl().toSeconds(), "");
            if (seconds != null && other != null && !seconds.equals(other)) {
                inputs.reject(
                        TTL_IN_SECONDS,
                        TTL_SPELLINGS_DIFFER_MSG.formatted(TTL_IN_SECOND, other, seconds));
                return null;
            }
        }
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }

    /** Seconds after issue before the token is valid; must leave it some lifetime. */
    private static Duration notBefore(Inputs inputs, Duration ttl) {
        if (!inputs.has(NOT_BEFORE)) {
            return null;
        }
        if (ttl == null) {
            inputs.wholeNumber(NOT_BEFORE, SECONDS); // reports a malformed value even so
            return null;
        }
        Long seconds =
                inputs.wholeNumber(
                        NOT_BEFORE, SECONDS, 0, ttl.toSeconds() - 1, " (less than the TTL)");
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }

    private static Map<String, Object> additionalClaims(Inputs inputs) {
        Map<String, Object> claims = inputs.optionalObject(ADDITIONAL_CLAIMS);
        if (claims == null) {
            return Map.of();
        }
        for (String name : claims.keySet()) {
            if (name.equals("iat")) {
                inputs.reject(ADDITIONAL_CLAIMS, "'iat' is always the signing time");
            } else if (CLAIM_INPUTS.containsKey(name)) {
                inputs.reject(
                        ADDITIONAL_CLAIMS,
                        CLAIM_OF_INPUT_MSG.formatted(name, CLAIM_INPUTS.get(name)));
            }
        }
        return claims; // JwtRequest keeps its own copy
    }

    private static Map<String, Object> headers(Inputs inputs) {
        Map<String, Object> headers = inputs.optionalObject(HEADERS);
        if (headers == null) {
            return Map.of();
        }
        HeaderRules.check(headers).forEach(rule -> inputs.reject(HEADERS, rule));
        return headers;
    }
}
