package io.github.conductorjwt.bench;

import io.github.conductorjwt.core.ExampleInputs;
import io.github.conductorjwt.core.HeldSigner;
import io.github.conductorjwt.core.JwtRequest;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.Pkcs11Token;
import io.github.conductorjwt.core.SignedJwt;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.core.SoftHsmToken;
import io.github.conductorjwt.core.TestKeys;
import java.util.HashMap;
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
 * One task's reading and signing with a key on a SoftHSM2 token (through our SunPKCS11 provider)
 * against a software key of the same kind and size (JDK provider, parsed-key cache on), same run.
 * Needs SOFTHSM2_CONF in the environment (the forks inherit it); the token is made in its
 * directory: {@code SOFTHSM2_CONF=/tmp/hsm-bench/softhsm2.conf java -cp <bench classpath>
 * org.openjdk.jmh.Main Pkcs11Benchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Pkcs11Benchmark {

    @Param({"RS256", "ES256"})
    public String algorithm;

    @Param({"software", "softhsm2"})
    public String key;

    private JwtRequestReader reader;
    private JwtSigner signer;
    private HeldSigner held;
    private Map<String, Object> input;

    @Setup
    public void setUp() {
        reader =
                new JwtRequestReader(
                        new SigningPolicy(
                                SigningPolicy.DEFAULT_MAX_TTL, SigningAlgorithm.RS256, 10));
        signer = new JwtSigner();
        boolean rsa = algorithm.equals("RS256");
        Map<String, Object> example = new HashMap<>(ExampleInputs.orkesExample(null));
        example.put("algorithm", algorithm);
        if (key.equals("software")) {
            example.put(
                    "privateKey",
                    TestKeys.pkcs8Pem(rsa ? TestKeys.rsa(2048) : TestKeys.ec("secp256r1")));
        } else {
            SoftHsmToken hsm = SoftHsmToken.forThisJvm();
            String label = rsa ? SoftHsmToken.RSA : SoftHsmToken.EC_P256;
            held =
                    Pkcs11Token.open(hsm.config(label), SigningAlgorithm.RS256, signer)
                            .signers()
                            .get(0);
            example.remove("privateKey");
            example.remove("privateKeyId");
        }
        input = Map.copyOf(example);
    }

    @Benchmark
    public SignedJwt readAndSign() {
        if (held != null) {
            JwtRequest request = reader.read(input, held);
            return held.sign(request);
        }
        return signer.sign(reader.read(input));
    }
}
