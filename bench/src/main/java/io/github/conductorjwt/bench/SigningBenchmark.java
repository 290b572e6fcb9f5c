package io.github.conductorjwt.bench;

import io.github.conductorjwt.core.JwtRequest;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.SignedJwt;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.core.SigningProvider;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
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
    public void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        boolean encrypted = keyFormat.equals("encrypted-pkcs8");
        String pem =
                encrypted
                        ? pem("ENCRYPTED PRIVATE" + " KEY", encrypt(pair.getPrivate().getEncoded()))
                        : pem("PRIVATE" + " KEY", pair.getPrivate().getEncoded());
        reader =
                new JwtRequestReader(
                        new SigningPolicy(
                                SigningPolicy.DEFAULT_MAX_TTL,
                                SigningAlgorithm.RS256,
                                keyCacheSize),
                        SigningProvider.choose(
                                SigningProvider.Choice.valueOf(provider.toUpperCase())));
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
        if (encrypted) {
            input = new java.util.HashMap<>(input);
            input.put("privateKeyPassword", PASSWORD);
        }
    }

    private static final String PASSWORD = "benchmark password";

    /** Armour assembled at run time, so no key block stands in the source. */
    static String pem(String type, byte[] der) {
        return "-----BEGIN "
                + type
                + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END "
                + type
                + "-----\n";
    }

    /** Encrypted PKCS#8 as 'openssl genpkey -aes-256-cbc' writes it. */
    private static byte[] encrypt(byte[] pkcs8) throws Exception {
        String scheme = "PBEWithHmacSHA256AndAES_256";
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(salt);
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance(scheme);
        cipher.init(
                Cipher.ENCRYPT_MODE,
                SecretKeyFactory.getInstance(scheme)
                        .generateSecret(new PBEKeySpec(PASSWORD.toCharArray())),
                new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv)));
        byte[] encrypted = cipher.doFinal(pkcs8);
        AlgorithmIdentifier pbes2 =
                new AlgorithmIdentifier(
                        PKCSObjectIdentifiers.id_PBES2,
                        ASN1Primitive.fromByteArray(cipher.getParameters().getEncoded()));
        return new EncryptedPrivateKeyInfo(pbes2, encrypted).getEncoded();
    }

    @Benchmark
    public SignedJwt readAndSign() {
        JwtRequest request = reader.read(input);
        return signer.sign(request);
    }
}
