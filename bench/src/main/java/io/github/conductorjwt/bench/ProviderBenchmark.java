package io.github.conductorjwt.bench;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import io.github.conductorjwt.core.Base64UrlStream;
import io.github.conductorjwt.core.ExampleInputs;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.SigningProvider;
import io.github.conductorjwt.core.TestKeys;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.jackson.io.JacksonSerializer;
import io.jsonwebtoken.security.MacAlgorithm;
import io.jsonwebtoken.security.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The layers of a token on one provider, same key: raw JCA (sign fixed header.payload bytes,
 * base64url the signature), the no-JJWT floor ({@link NoJjwtSigner}: Jackson, the JDK's base64url,
 * the same JCA signature), JJWT signing our own Jackson payload ({@code content()}), bare JJWT (its
 * claims builder, no input reading) and our core (read the task input with the key cached, sign),
 * the current one and, for a before/after in the same run, the {@link BaselineCore}'s, both through
 * the same {@link CoreDriver}. The ratios between them, and against {@code openssl speed}, are what
 * {@link RunBenchmarks} reports.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ProviderBenchmark {

    @Param({"RS256", "PS256", "ES256", "EdDSA", "HS256"})
    public String algorithm;

    @Param({"jdk", "accp"})
    public String provider;

    /** A token's header.payload: 418 bytes, the length our core signs for the input below. */
    static final byte[] SIGNING_INPUT =
            ("eyJ0eXAiOiJKV1QiLCJraWQiOiJrZXktMTIzIiwiYWxnIjoiUlMyNTYifQ." + "x".repeat(359))
                    .getBytes(StandardCharsets.US_ASCII);

    private static final JacksonSerializer<Map<String, ?>> JSON = new JacksonSerializer<>();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Provider jca;
    private Key key;
    private Signature signature;
    private Mac mac;
    private Object verificationKey;
    private NoJjwtSigner noJjwt;
    CoreDriver current;
    CoreDriver baseline;
    private Map<String, Object> input;

    /** The baseline core is loaded only in the forks that measure it. */
    @Setup
    public void setUp(BenchmarkParams params) throws Exception {
        setUp(params.getBenchmark().endsWith(".coreBefore") ? BaselineCore.fromProperty() : null);
    }

    /** Sets up every layer; the {@code coreBefore} one from {@code baselineLoader} if not null. */
    void setUp(ClassLoader baselineLoader) throws Exception {
        // First, as in a server: choosing sets ACCP up (with its Ed25519 key factory).
        SigningProvider.choose(SigningProvider.Choice.valueOf(provider.toUpperCase()));
        jca = provider.equals("accp") ? AmazonCorrettoCryptoProvider.INSTANCE : null;
        SigningAlgorithm alg = SigningAlgorithm.valueOf(algorithm);
        String keyText;
        if (alg == SigningAlgorithm.HS256) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            key = new SecretKeySpec(secret, "HmacSHA256");
            verificationKey = secret;
            keyText = "base64:" + Base64.getEncoder().encodeToString(secret);
            mac = jca == null ? Mac.getInstance("HmacSHA256") : Mac.getInstance("HmacSHA256", jca);
            mac.init(key);
        } else {
            KeyPair pair = generate(alg);
            verificationKey = pair.getPublic();
            PrivateKey jdkKey = pair.getPrivate();
            keyText = TestKeys.pkcs8Pem(pair);
            // The key as the core holds it: imported once into ACCP's native form.
            key =
                    jca == null
                            ? jdkKey
                            : KeyFactory.getInstance(
                                            alg == SigningAlgorithm.EdDSA
                                                    ? "Ed25519"
                                                    : jdkKey.getAlgorithm(),
                                            jca)
                                    .generatePrivate(new PKCS8EncodedKeySpec(jdkKey.getEncoded()));
            String name =
                    switch (alg) {
                        case RS256 -> "SHA256withRSA";
                        case PS256 -> "RSASSA-PSS";
                        case ES256 -> "SHA256withECDSAinP1363Format";
                        default -> "Ed25519";
                    };
            signature =
                    jca == null ? Signature.getInstance(name) : Signature.getInstance(name, jca);
            if (alg == SigningAlgorithm.PS256) {
                signature.setParameter(
                        new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            }
            signature.initSign((PrivateKey) key);
        }
        noJjwt = new NoJjwtSigner(algorithm, signature, mac);
        current = CoreDriver.load(ProviderBenchmark.class.getClassLoader(), algorithm, provider);
        if (baselineLoader != null) {
            baseline = CoreDriver.load(baselineLoader, algorithm, provider);
        }
        Map<String, Object> example = ExampleInputs.orkesExample(keyText);
        example.put("algorithm", algorithm);
        input = Map.copyOf(example);
    }

    private static KeyPair generate(SigningAlgorithm alg) {
        return switch (alg) {
            case ES256 -> TestKeys.ec("secp256r1");
            case EdDSA -> TestKeys.generate("Ed25519", 0, null);
            default -> TestKeys.rsa(2048);
        };
    }

    @Benchmark
    public String rawJca() throws Exception {
        if (mac != null) {
            return B64URL.encodeToString(mac.doFinal(SIGNING_INPUT));
        }
        signature.update(SIGNING_INPUT);
        return B64URL.encodeToString(signature.sign());
    }

    /** The public key or the HMAC secret, for an independent verifier. */
    Object verificationKey() {
        return verificationKey;
    }

    @Benchmark
    public String noJjwt() throws Exception {
        return noJjwt.sign(Instant.now());
    }

    @Benchmark
    public String jjwtContent() {
        JwtBuilder builder =
                Jwts.builder()
                        .json(JSON)
                        .b64Url(Base64UrlStream.INSTANCE)
                        .header()
                        .type("JWT")
                        .keyId("key-123")
                        .and()
                        .content(NoJjwtSigner.claims(Instant.now()));
        return signed(builder);
    }

    @Benchmark
    public String bareJjwt() {
        Instant now = Instant.now();
        JwtBuilder builder =
                Jwts.builder()
                        .json(JSON)
                        .header()
                        .type("JWT")
                        .keyId("key-123")
                        .and()
                        .issuer("svc@example.iam.gserviceaccount.com")
                        .subject("svc@example.iam.gserviceaccount.com")
                        .issuedAt(Date.from(now))
                        .expiration(Date.from(now.plusSeconds(3600)))
                        .id(UUID.randomUUID().toString())
                        .claim("scope", "https://www.googleapis.com/auth/cloud-platform");
        builder.audience().single("https://oauth2.googleapis.com/token");
        return signed(builder);
    }

    private String signed(JwtBuilder builder) {
        if (jca != null) {
            builder.provider(jca);
        }
        Object jjwt = Jwts.SIG.get().get(algorithm);
        return key instanceof SecretKey secret
                ? builder.signWith(secret, (MacAlgorithm) jjwt).compact()
                : builder.signWith((PrivateKey) key, (SignatureAlgorithm) jjwt).compact();
    }

    @Benchmark
    public Object core() throws Throwable {
        return current.sign(input);
    }

    /** The core at the baseline commit: for the before/after of the same run. */
    @Benchmark
    public Object coreBefore() throws Throwable {
        return baseline.sign(input);
    }
}
