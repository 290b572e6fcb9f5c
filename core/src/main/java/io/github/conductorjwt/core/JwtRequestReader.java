package io.github.conductorjwt.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a task's input map into a validated {@link JwtRequest}: the one place that knows the input
 * names and their rules. Every broken rule is reported at once.
 */
public final class JwtRequestReader {

    public static final String SUBJECT = "subject";
    public static final String ISSUER = "issuer";
    public static final String AUDIENCE = "audience";
    public static final String PRIVATE_KEY = "privateKey";
    public static final String PRIVATE_KEY_ID = "privateKeyId";
    public static final String TTL_IN_SECOND = "ttlInSecond";

    /** The spelling Orkes' documentation also uses. */
    public static final String TTL_IN_SECONDS = "ttlInSeconds";

    public static final String SCOPES = "scopes";
    public static final String ALGORITHM = "algorithm";

    private final SigningPolicy policy;

    public JwtRequestReader(SigningPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * @throws InvalidJwtInputException listing every field that breaks a rule
     */
    public JwtRequest read(Map<String, ?> input) {
        Inputs inputs = new Inputs(input);
        SigningAlgorithm algorithm = algorithm(inputs);
        String privateKey = inputs.requiredText(PRIVATE_KEY);
        String keyId = inputs.optionalText(PRIVATE_KEY_ID);
        String issuer = inputs.requiredText(ISSUER);
        String subject = inputs.requiredText(SUBJECT);
        List<String> audience = inputs.textList(AUDIENCE);
        if (!inputs.has(AUDIENCE)) {
            inputs.reject(AUDIENCE, "is required");
        } else if (audience.isEmpty()) {
            inputs.reject(AUDIENCE, "must not be empty");
        }
        Duration ttl = ttl(inputs);
        List<String> scopes = inputs.textList(SCOPES);
        inputs.throwIfInvalid();
        return new JwtRequest(
                issuer, subject, audience, keyId, ttl, scopes, algorithm, KeyText.of(privateKey));
    }

    private SigningAlgorithm algorithm(Inputs inputs) {
        String name = inputs.optionalText(ALGORITHM);
        if (name == null) {
            return policy.defaultAlgorithm();
        }
        try {
            return SigningAlgorithm.named(ALGORITHM, name);
        } catch (InvalidJwtInputException e) {
            e.violations().forEach(v -> inputs.reject(v.field(), v.rule()));
            return policy.defaultAlgorithm();
        }
    }

    /** Either spelling may be used; both are fine only when they agree. */
    private Duration ttl(Inputs inputs) {
        boolean singular = inputs.has(TTL_IN_SECOND);
        boolean plural = inputs.has(TTL_IN_SECONDS);
        if (!singular && !plural) {
            inputs.reject(TTL_IN_SECOND, "is required (or its spelling " + TTL_IN_SECONDS + ")");
            return null;
        }
        String field = singular ? TTL_IN_SECOND : TTL_IN_SECONDS;
        Long seconds = inputs.wholeNumber(field);
        if (singular && plural) {
            Long other = inputs.wholeNumber(TTL_IN_SECONDS);
            if (seconds != null && other != null && !seconds.equals(other)) {
                inputs.reject(
                        TTL_IN_SECOND + ", " + TTL_IN_SECONDS,
                        "both given with different values ("
                                + seconds
                                + " and "
                                + other
                                + "); give one");
                return null;
            }
        }
        if (seconds == null) {
            return null;
        }
        long max = policy.maxTtl().toSeconds();
        if (seconds < 1 || seconds > max) {
            inputs.reject(field, "must be between 1 and " + max + ", was " + seconds);
            return null;
        }
        return Duration.ofSeconds(seconds);
    }
}
