package io.github.conductorjwt.core;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.jackson.io.JacksonSerializer;
import io.jsonwebtoken.security.InvalidKeyException;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.MacAlgorithm;
import io.jsonwebtoken.security.SecurityException;
import io.jsonwebtoken.security.SignatureAlgorithm;
import java.io.ByteArrayOutputStream;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * Signs validated requests with JJWT, through the provider the key was parsed for (see {@link
 * SigningProvider}). Thread-safe; keep one per application.
 */
public final class JwtSigner {

    /** The claim OAuth2 (RFC 8693 §4.2, Google's jwt-bearer grant) reads scopes from. */
    public static final String SCOPE_CLAIM = "scope";

    /** A key JJWT refuses when signing: its message may describe the key, so its type only. */
    static final String JJWT_REFUSED_MSG = "refused by JJWT for %s (%s)";

    // Given explicitly so JJWT needs no service lookup inside a server's nested class loaders.
    private static final JacksonSerializer<Map<String, ?>> JSON = new JacksonSerializer<>();

    /** Room for a typical payload's JSON: a few hundred bytes. */
    private static final int PAYLOAD_BYTES = 512;

    private final Clock clock;

    public JwtSigner() {
        this(Clock.systemUTC());
    }

    public JwtSigner(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws KeyException when JJWT refuses the key (one whose numbers no key can have)
     * @throws SigningDeviceException when a {@link SigningKey#held} key's device fails to sign
     */
    public SignedJwt sign(JwtRequest request) {
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plus(request.ttl());
        String jti = request.jti() != null ? request.jti() : UUID.randomUUID().toString();

        // The payload is our own JSON of the claims JJWT's claims builder would write (ClaimSet):
        // that builder copies maps and, for a single audience, rebuilds a registry per token.
        // JJWT writes the header and signs.
        ByteArrayOutputStream payload = new ByteArrayOutputStream(PAYLOAD_BYTES);
        JSON.serialize(ClaimSet.of(request, issuedAt, jti), payload);
        JwtBuilder builder =
                Jwts.builder()
                        .json(JSON)
                        .b64Url(Base64UrlStream.INSTANCE)
                        .header()
                        .type("JWT")
                        .add(request.headers())
                        .keyId(request.keyId())
                        .and()
                        .content(payload.toByteArray());
        String token = signed(builder, request);
        return new SignedJwt(
                token, request.keyId(), request.algorithm().name(), issuedAt, expiresAt, jti);
    }

    private static String signed(JwtBuilder builder, JwtRequest request) {
        SigningKey key = request.key();
        if (key == null) {
            throw new IllegalArgumentException("a request without a key is a held signer's");
        }
        if (key.provider() != null) {
            // Our tokens only: the provider is never installed in the JVM's list.
            builder.provider(key.provider());
        }
        try {
            if (key.key() instanceof SecretKey secret) {
                return builder.signWith(secret, (MacAlgorithm) request.algorithm().jjwt())
                        .compact();
            }
            PrivateKey privateKey = (PrivateKey) key.key();
            if (key.publicKey() != null) {
                // A held signer offers only algorithms that fit; this keeps it so for any caller.
                KeyRules.check(key, request.algorithm());
                // A key that stays in its device: JJWT learns its size and curve from the public
                // half, so it refuses a P-256 key asked for ES384 and transcodes ECDSA signatures.
                privateKey =
                        Keys.builder(privateKey)
                                .publicKey(key.publicKey())
                                .provider(key.provider())
                                .build();
            }
            return builder.signWith(privateKey, (SignatureAlgorithm) request.algorithm().jjwt())
                    .compact();
        } catch (SecurityException | ProviderException e) {
            if (key.publicKey() != null && !(e instanceof InvalidKeyException)) {
                // The rules passed and JJWT checked the key against its public half: what fails
                // now is the device (a lost session, a handle gone), which a retry may find back.
                throw new SigningDeviceException(e.getClass().getSimpleName());
            }
            // KeyRules and KeyParser refuse what they can see; a key whose numbers no key can
            // have (a PEM RSA key whose CRT values disagree, say) fails only when used. In-memory
            // signing fails for no other reason, so
            // it is the key's fault, terminal. JJWT's message may describe the key: type only.
            throw new KeyException(
                    JJWT_REFUSED_MSG.formatted(request.algorithm(), e.getClass().getSimpleName()));
        }
    }
}
