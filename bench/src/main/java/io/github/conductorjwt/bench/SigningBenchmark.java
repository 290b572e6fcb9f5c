package io.github.conductorjwt.bench;

import io.github.conductorjwt.core.ExampleInputs;
import io.github.conductorjwt.core.JwtRequest;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.SignedJwt;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.core.SigningProvider;
import io.github.conductorjwt.core.TestKeys;
import java.security.KeyPair;
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

    /**
     * pkcs8: a plain PEM; encrypted-pkcs8: PBES2 (PBKDF2-HMAC-SHA256, 10,000 rounds) + password.
     */
    @Param({"pkcs8", "encrypted-pkcs8"})
    public String keyFormat;

    /** ACCP imports (and validates) RSA keys natively: parsing costs more, signing less. */
    @Param({"jdk", "accp"})
    public String provider;

    private JwtRequestReader reader;
    private JwtSigner signer;
    private Map<String, Object> input;

    @Setup
    public void setUp() {
        KeyPair pair = TestKeys.rsa(2048);
        boolean encrypted = keyFormat.equals("encrypted-pkcs8");
        String pem =
                encrypted ? TestKeys.encryptedPkcs8Pem(pair, PASSWORD) : TestKeys.pkcs8Pem(pair);
        reader =
                new JwtRequestReader(
                        new SigningPolicy(
                                SigningPolicy.DEFAULT_MAX_TTL,
                                SigningAlgorithm.RS256,
                                keyCacheSize),
                        SigningProvider.choose(
                                SigningProvider.Choice.valueOf(provider.toUpperCase())));
        signer = new JwtSigner();
        Map<String, Object> example = ExampleInputs.orkesExample(pem);
        example.put("algorithm", algorithm);
        if (encrypted) {
            example.put("privateKeyPassword", PASSWORD);
        }
        input = Map.copyOf(example);
    }

    private static final String PASSWORD = "benchmark password";

    @Benchmark
    public SignedJwt readAndSign() {
        JwtRequest request = reader.read(input);
        return signer.sign(request);
    }
}
