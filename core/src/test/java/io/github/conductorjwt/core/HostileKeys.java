package io.github.conductorjwt.core;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.teletrust.TeleTrusTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Key material for the hostile-input corpus, generated per run and built once on first use: the
 * careless (public keys, certificates, OpenSSH files, wrong curves) and the hostile (a PBKDF2
 * iteration count of 2^31-1, a 16384-bit modulus, unterminated PEM armour). Structures the JDK
 * cannot write are assembled with bcprov's ASN.1 classes.
 */
public final class HostileKeys {

    /** The password of every encrypted key here. */
    public static final String PASSWORD = "corpus-key-password-7f3a";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, Object> BUILT = new ConcurrentHashMap<>();

    private HostileKeys() {}

    /** Builds {@code what} once per run, on first use. */
    @SuppressWarnings("unchecked")
    static <T> T once(String name, Supplier<T> what) {
        Object value = BUILT.get(name);
        if (value == null) {
            value = what.get();
            Object raced = BUILT.putIfAbsent(name, value);
            value = raced == null ? value : raced;
        }
        return (T) value;
    }

    // Key pairs.

    public static KeyPair goodRsa() {
        return TestKeys.RSA_2048;
    }

    /** A key pasted where no key belongs: not the signing key, so its leaks are its own. */
    public static KeyPair strayRsa() {
        return once("strayRsa", () -> TestKeys.rsa(2048));
    }

    public static KeyPair rsa1024() {
        return once("rsa1024", () -> TestKeys.rsa(1024));
    }

    public static KeyPair p256() {
        return once("p256", () -> TestKeys.ec("secp256r1"));
    }

    public static KeyPair p384() {
        return once("p384", () -> TestKeys.ec("secp384r1"));
    }

    public static KeyPair p521() {
        return once("p521", () -> TestKeys.ec("secp521r1"));
    }

    public static KeyPair ed25519() {
        return once("ed25519", () -> TestKeys.generate("Ed25519", 0, null));
    }

    public static KeyPair ed448() {
        return once("ed448", () -> TestKeys.generate("Ed448", 0, null));
    }

    public static KeyPair x25519() {
        return once("x25519", () -> TestKeys.generate("X25519", 0, null));
    }

    public static KeyPair rsaPss() {
        return once("rsaPss", () -> TestKeys.generate("RSASSA-PSS", 2048, null));
    }

    public static KeyPair dsa() {
        return once("dsa", () -> TestKeys.generate("DSA", 2048, null));
    }

    // Texts.

    public static String goodPem() {
        return TestKeys.pkcs8Pem(goodRsa());
    }

    public static String strayPem() {
        return TestKeys.pkcs8Pem(strayRsa());
    }

    /** An HMAC secret of 32 random bytes, as the base64 a user would paste. */
    public static byte[] hmacSecret() {
        return once(
                "hmacSecret",
                () -> {
                    byte[] secret = new byte[32];
                    RANDOM.nextBytes(secret);
                    return secret;
                });
    }

    public static String hmacSecretBase64() {
        return Base64.getEncoder().encodeToString(hmacSecret());
    }

    /** An RSA public key as 'openssl rsa -pubout' writes it. */
    public static String publicKeyPem() {
        return TestKeys.pem("PUBLIC KEY", goodRsa().getPublic().getEncoded());
    }

    /** PKCS#1 RSAPublicKey ('BEGIN RSA PUBLIC KEY'). */
    public static String rsaPublicKeyPem() {
        try {
            byte[] inner =
                    SubjectPublicKeyInfo.getInstance(goodRsa().getPublic().getEncoded())
                            .parsePublicKey()
                            .getEncoded();
            return TestKeys.pem("RSA PUBLIC KEY", inner);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A real self-signed X.509 certificate of the good key. */
    public static String certificatePem() {
        return once(
                "certificate",
                () -> {
                    try {
                        AlgorithmIdentifier sha256WithRsa =
                                new AlgorithmIdentifier(
                                        PKCSObjectIdentifiers.sha256WithRSAEncryption,
                                        DERNull.INSTANCE);
                        V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
                        X500Name name = new X500Name("CN=corpus.test");
                        tbs.setSerialNumber(new ASN1Integer(1));
                        tbs.setIssuer(name);
                        tbs.setSubject(name);
                        tbs.setStartDate(new Time(new Date()));
                        tbs.setEndDate(new Time(new Date(System.currentTimeMillis() + 86_400_000)));
                        tbs.setSignature(sha256WithRsa);
                        tbs.setSubjectPublicKeyInfo(
                                SubjectPublicKeyInfo.getInstance(
                                        goodRsa().getPublic().getEncoded()));
                        TBSCertificate body = tbs.generateTBSCertificate();
                        Signature signer = Signature.getInstance("SHA256withRSA");
                        signer.initSign(goodRsa().getPrivate());
                        signer.update(body.getEncoded());
                        byte[] certificate =
                                new DERSequence(
                                                new org.bouncycastle.asn1.ASN1Encodable[] {
                                                    body,
                                                    sha256WithRsa,
                                                    new DERBitString(signer.sign())
                                                })
                                        .getEncoded();
                        return TestKeys.pem("CERTIFICATE", certificate);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    /** The armour and magic of an OpenSSH private key file, with a random body. */
    public static String openSshPem() {
        byte[] magic = TestKeys.utf8("openssh-key-v1\0");
        byte[] body = new byte[400];
        RANDOM.nextBytes(body);
        System.arraycopy(magic, 0, body, 0, magic.length);
        return TestKeys.pem("OPENSSH PRIVATE KEY", body);
    }

    /** OpenSSL's legacy PEM encryption ('openssl rsa -aes128'): Proc-Type and DEK-Info headers. */
    public static String legacyEncryptedPem() {
        byte[] iv = new byte[16];
        RANDOM.nextBytes(iv);
        byte[] body = new byte[1200];
        RANDOM.nextBytes(body);
        return TestKeys.pem(
                new PemObject(
                        "RSA PRIVATE KEY",
                        List.of(
                                new PemHeader("Proc-Type", "4,ENCRYPTED"),
                                new PemHeader(
                                        "DEK-Info",
                                        "AES-128-CBC,"
                                                + HexFormat.of().withUpperCase().formatHex(iv))),
                        body));
    }

    /**
     * A PKCS#8 RSA key with a 16384-bit modulus, assembled rather than generated (generating one
     * takes minutes): the numbers are random, the structure is exact, and the size is what a parser
     * or a key rule sees first.
     */
    public static String rsa16384Pem() {
        return once(
                "rsa16384",
                () -> {
                    BigInteger modulus = new BigInteger(16384, RANDOM).setBit(16383).setBit(0);
                    BigInteger p = new BigInteger(8192, RANDOM).setBit(8191).setBit(0);
                    BigInteger q = new BigInteger(8192, RANDOM).setBit(8191).setBit(0);
                    RSAPrivateKey rsa =
                            new RSAPrivateKey(
                                    modulus,
                                    BigInteger.valueOf(65537),
                                    new BigInteger(16383, RANDOM),
                                    p,
                                    q,
                                    new BigInteger(8191, RANDOM),
                                    new BigInteger(8191, RANDOM),
                                    new BigInteger(8191, RANDOM));
                    return pkcs8(
                            new AlgorithmIdentifier(
                                    PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                            rsa);
                });
    }

    /** A PKCS#8 EC key on secp256k1, a 256-bit curve that ES256 does not allow. */
    public static String secp256k1Pem() {
        return once("secp256k1", () -> ecOnCurve(SECObjectIdentifiers.secp256k1, 256, false));
    }

    /** The same as SEC1 ('BEGIN EC PRIVATE KEY'), as 'openssl ecparam -genkey' writes it. */
    public static String secp256k1Sec1Pem() {
        return once("secp256k1Sec1", () -> ecOnCurve(SECObjectIdentifiers.secp256k1, 256, true));
    }

    /** A PKCS#8 EC key on brainpoolP256r1, also 256 bits and also not ES256's curve. */
    public static String brainpoolP256r1Pem() {
        return once(
                "brainpool",
                () -> ecOnCurve(TeleTrusTObjectIdentifiers.brainpoolP256r1, 256, false));
    }

    private static String ecOnCurve(ASN1ObjectIdentifier curve, int bits, boolean sec1) {
        BigInteger s = new BigInteger(bits - 8, RANDOM).setBit(bits - 9);
        ECPrivateKey ec = new ECPrivateKey(bits, s, curve);
        try {
            if (sec1) {
                return TestKeys.pem("EC PRIVATE KEY", ec.getEncoded());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return pkcs8(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), ec);
    }

    private static String pkcs8(
            AlgorithmIdentifier algorithm, org.bouncycastle.asn1.ASN1Encodable key) {
        try {
            return TestKeys.pem("PRIVATE KEY", new PrivateKeyInfo(algorithm, key).getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The good key as encrypted PKCS#8 (PBES2, PBKDF2 with {@code prf}, AES-256-CBC) really
     * encrypted with {@code iterations}: e.g. "HmacSHA256".
     */
    public static String encryptedPem(String prf, int iterations) {
        return once(
                "encrypted:" + prf + ":" + iterations,
                () -> encrypt(goodRsa(), "PBEWith" + prf + "AndAES_256", iterations));
    }

    /**
     * The good key encrypted with 1,000 iterations of {@code prf}, then its DER's iteration count
     * set to {@code iterations}: a parser that derives the key first spends the whole count before
     * finding the password wrong for it.
     */
    public static String encryptedPemClaiming(String prf, int iterations) {
        return once(
                "claiming:" + prf + ":" + iterations,
                () ->
                        withIterations(
                                encrypt(goodRsa(), "PBEWith" + prf + "AndAES_256", 1_000),
                                iterations));
    }

    /**
     * The good key under PKCS#12's own PBE (pbeWithSHAAnd3-KeyTripleDES-CBC, PBES1-style, no
     * PBKDF2), its iteration count set to {@code iterations}.
     */
    public static String pkcs12PbePemClaiming(int iterations) {
        return once(
                "pkcs12:" + iterations,
                () -> {
                    try {
                        String scheme = "PBEWithSHA1AndDESede";
                        byte[] salt = new byte[8];
                        RANDOM.nextBytes(salt);
                        SecretKey key =
                                SecretKeyFactory.getInstance(scheme)
                                        .generateSecret(new PBEKeySpec(PASSWORD.toCharArray()));
                        Cipher cipher = Cipher.getInstance(scheme);
                        cipher.init(Cipher.ENCRYPT_MODE, key, new PBEParameterSpec(salt, 1_000));
                        byte[] encrypted = cipher.doFinal(goodRsa().getPrivate().getEncoded());
                        AlgorithmIdentifier pbe =
                                new AlgorithmIdentifier(
                                        PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC,
                                        new PKCS12PBEParams(salt, iterations));
                        return TestKeys.pem(
                                "ENCRYPTED PRIVATE KEY",
                                new EncryptedPrivateKeyInfo(pbe, encrypted).getEncoded());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    private static String encrypt(KeyPair pair, String scheme, int iterations) {
        return TestKeys.encryptedPkcs8Pem(pair, PASSWORD, scheme, iterations);
    }

    private static String withIterations(String encryptedPem, int iterations) {
        try {
            EncryptedPrivateKeyInfo info =
                    EncryptedPrivateKeyInfo.getInstance(
                            Base64.getMimeDecoder().decode(TestKeys.body(encryptedPem)));
            PBES2Parameters pbes2 =
                    PBES2Parameters.getInstance(info.getEncryptionAlgorithm().getParameters());
            PBKDF2Params kdf =
                    PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
            PBKDF2Params patched =
                    new PBKDF2Params(
                            kdf.getSalt(),
                            iterations,
                            kdf.getKeyLength() == null ? 0 : kdf.getKeyLength().intValue(),
                            kdf.getPrf());
            PBES2Parameters rebuilt =
                    new PBES2Parameters(
                            new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, patched),
                            pbes2.getEncryptionScheme());
            return TestKeys.pem(
                    "ENCRYPTED PRIVATE KEY",
                    new EncryptedPrivateKeyInfo(
                                    new AlgorithmIdentifier(
                                            PKCSObjectIdentifiers.id_PBES2, rebuilt),
                                    info.getEncryptedData())
                            .getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM armour's first line, assembled so no key block stands in source. */
    public static String beginLine(String type) {
        return "-----BEGIN " + type + "-----";
    }

    public static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
