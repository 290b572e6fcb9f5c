package io.github.conductorjwt.core;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.jackson.io.JacksonSerializer;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Signs validated requests with JJWT. Thread-safe; keep one per application. */
public final class JwtSigner {

    /** The claim OAuth2 (RFC 8693 §4.2, Google's jwt-bearer grant) reads scopes from. */
    public static final String SCOPE_CLAIM = "scope";

    // Given explicitly so JJWT needs no service lookup inside a server's nested class loaders.
    private static final JacksonSerializer<Map<String, ?>> JSON = new JacksonSerializer<>();

    private final ParsedKeyCache keys;
    private final Clock clock;

    /**
     * @param keyCacheSize how many parsed keys to keep; 0 parses on every call
     */
    public JwtSigner(int keyCacheSize) {
        this(keyCacheSize, Clock.systemUTC());
    }

    public JwtSigner(int keyCacheSize, Clock clock) {
        this.keys = new ParsedKeyCache(keyCacheSize);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws InvalidJwtInputException when the key cannot be read, does not fit the algorithm or
     *     is too weak
     */
    public SignedJwt sign(JwtRequest request) {
        PrivateKey key = keys.get(request.privateKey());
        KeyRules.check(key, request.algorithm());

        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plus(request.ttl());
        String jti = UUID.randomUUID().toString();

        JwtBuilder builder =
                Jwts.builder()
                        .json(JSON)
                        .header()
                        .type("JWT")
                        .keyId(request.keyId())
                        .and()
                        .issuer(request.issuer())
                        .subject(request.subject())
                        .issuedAt(Date.from(issuedAt))
                        .expiration(Date.from(expiresAt))
                        .id(jti);
        if (request.audience().size() == 1) {
            // A single audience as a string: Google's token endpoint rejects an array here.
            builder.audience().single(request.audience().get(0));
        } else {
            builder.audience().add(request.audience());
        }
        if (!request.scopes().isEmpty()) {
            builder.claim(SCOPE_CLAIM, String.join(" ", request.scopes()));
        }
        String token = builder.signWith(key, request.algorithm().jjwt()).compact();
        return new SignedJwt(
                token, request.keyId(), request.algorithm().name(), issuedAt, expiresAt, jti);
    }
}
