package io.github.conductorjwt.bench;

import io.github.conductorjwt.core.JwtVerifier;
import io.github.conductorjwt.core.TestKeys;
import io.github.conductorjwt.core.Verification;
import io.github.conductorjwt.core.VerifyRequestReader;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One VERIFY_JWT task's work (read the input map, parsed key from the cache, check the header,
 * verify with JJWT, check the claims) against bare JJWT parsing the same token with the key in
 * hand, in the same run: the ratio is our overhead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VerificationBenchmark {

    @Param({"RS256", "ES256", "HS256"})
    public String algorithm;

    private static final byte[] SECRET =
            "a shared secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8);

    private VerifyRequestReader reader;
    private JwtVerifier verifier;
    private Map<String, Object> input;
    private JwtParser bare;
    private String token;

    @Setup
    public void setUp() {
        KeyPair pair = algorithm.equals("ES256") ? TestKeys.ec("secp256r1") : TestKeys.rsa(2048);
        boolean hmac = algorithm.equals("HS256");
        // Who signs does not matter here (the tests verify tokens of an independent signer).
        long now = System.currentTimeMillis();
        var claims =
                Jwts.builder()
                        .header()
                        .keyId("k1")
                        .and()
                        .issuer("https://issuer.example")
                        .subject("user-1")
                        .audience()
                        .add("https://api.example")
                        .and()
                        .issuedAt(new java.util.Date(now))
                        .expiration(new java.util.Date(now + 3_600_000))
                        .claim("scope", "read");
        token =
                hmac
                        ? claims.signWith(new SecretKeySpec(SECRET, "HmacSHA256"), Jwts.SIG.HS256)
                                .compact()
                        : claims.signWith(pair.getPrivate()).compact();
        reader = new VerifyRequestReader(1000);
        verifier = new JwtVerifier();
        input =
                hmac
                        ? Map.of(
                                "token",
                                token,
                                "secretKey",
                                new String(SECRET, StandardCharsets.UTF_8),
                                "issuer",
                                "https://issuer.example",
                                "audience",
                                "https://api.example")
                        : Map.of(
                                "token",
                                token,
                                "publicKey",
                                TestKeys.pem("PUBLIC KEY", pair.getPublic().getEncoded()),
                                "issuer",
                                "https://issuer.example",
                                "audience",
                                "https://api.example");
        var builder = Jwts.parser().requireIssuer("https://issuer.example");
        bare =
                hmac
                        ? builder.verifyWith(new SecretKeySpec(SECRET, "HmacSHA256")).build()
                        : builder.verifyWith((PublicKey) pair.getPublic()).build();
        if (!verifyTask().valid()) {
            throw new IllegalStateException("the benchmark's token does not verify");
        }
    }

    @Benchmark
    public Verification verifyTask() {
        return verifier.verify(reader.read(input));
    }

    @Benchmark
    public Jws<Claims> bareJjwt() {
        return bare.parseSignedClaims(token);
    }
}
