package io.github.conductorjwt.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.teletrust.TeleTrusTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Key text for the fuzz targets, read from a {@link FuzzTape} in every shape users bring: real keys
 * in every format (then mutated byte by byte), PEM armour around fuzzed DER, encrypted PKCS#8 with
 * fuzzed parameters, JWK-like and service-account-like JSON, shared secrets, raw text and long
 * repetitions. The real keys are generated from fixed seeds at class load, so a finding replays
 * with the same key and no key is committed.
 */
final class FuzzKeys {

    /** The password of every encrypted fixture. */
    static final String PASSWORD = "fuzz-password";

    /** Repetitions stop here: far past any key file, small enough for the fuzzer's memory. */
    static final int MAX_REPEATED_CHARS = 512 * 1024;

    /** The generator encrypts only with iteration counts this low, so it stays fast itself. */
    private static final int MAX_ENCRYPT_ITERATIONS = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the key text is built; the first choice on the tape. */
    enum Shape {
        TEXT,
        FIXTURE,
        PEM,
        ENCRYPTED,
        JWK,
        SERVICE_ACCOUNT,
        REPEATED,
        SECRET
    }

    enum Fixture {
        RSA_2048(0),
        RSA_1024(0),
        RSA_PSS_2048(0),
        P256(256),
        P384(384),
        P521(521),
        SECP256K1(256),
        BRAINPOOL_P256R1(256),
        ED25519(0),
        ED448(0);

        private final int orderBits;

        Fixture(int orderBits) {
            this.orderBits = orderBits;
        }
    }

    enum Format {
        PKCS8,
        PKCS1,
        SEC1,
        ENCRYPTED,
        JWK,
        SERVICE_ACCOUNT
    }

    /** Where the line breaks of a PEM block go. */
    enum Layout {
        LINES,
        ONE_LINE,
        ESCAPED_NEWLINES,
        CRLF,
        NO_BREAKS,
        INDENTED,
        NO_END,
        OTHER_END
    }

    static final List<String> PEM_TYPES =
            List.of(
                    "PRIVATE KEY",
                    "RSA PRIVATE KEY",
                    "EC PRIVATE KEY",
                    "ENCRYPTED PRIVATE KEY",
                    "PUBLIC KEY",
                    "RSA PUBLIC KEY",
                    "CERTIFICATE",
                    "OPENSSH PRIVATE KEY",
                    "EC PARAMETERS");

    static final List<String> JWK_MEMBERS =
            List.of(
                    "kty",
                    "crv",
                    "n",
                    "e",
                    "d",
                    "p",
                    "q",
                    "dp",
                    "dq",
                    "qi",
                    "oth",
                    "x",
                    "y",
                    "k",
                    "kid",
                    "alg",
                    "use",
                    "key_ops",
                    "x5c",
                    "x5t",
                    "x5t#S256",
                    "x5u");

    /** Password-based encryption schemes of PKCS#5 and PKCS#12, with the JDK's name. */
    enum Pbe {
        PBES2("1.2.840.113549.1.5.13", null),
        SHA1_3DES("1.2.840.113549.1.12.1.3", "PBEWithSHA1AndDESede"),
        MD5_DES("1.2.840.113549.1.5.3", "PBEWithMD5AndDES"),
        SHA1_RC2_40("1.2.840.113549.1.12.1.6", "PBEWithSHA1AndRC2_40"),
        UNKNOWN("1.2.840.113549.1.5.99", null);

        final String oid;
        final String jdkName;

        Pbe(String oid, String jdkName) {
            this.oid = oid;
            this.jdkName = jdkName;
        }
    }

    /** PBKDF2's pseudo-random function; DEFAULT leaves it out (HMAC-SHA1 by the standard). */
    enum Prf {
        SHA1("1.2.840.113549.2.7"),
        SHA224("1.2.840.113549.2.8"),
        SHA256("1.2.840.113549.2.9"),
        SHA384("1.2.840.113549.2.10"),
        SHA512("1.2.840.113549.2.11"),
        DEFAULT(null),
        SHA512_224("1.2.840.113549.2.12"),
        UNKNOWN("1.2.840.113549.2.99");

        final String oid;

        Prf(String oid) {
            this.oid = oid;
        }
    }

    enum Pbes2Cipher {
        AES_128("2.16.840.1.101.3.4.1.2"),
        AES_256("2.16.840.1.101.3.4.1.42"),
        AES_192("2.16.840.1.101.3.4.1.22"),
        DES_EDE3("1.2.840.113549.3.7"),
        AES_256_GCM("2.16.840.1.101.3.4.1.46"),
        UNKNOWN("2.16.840.1.101.3.4.1.99");

        final String oid;

        Pbes2Cipher(String oid) {
            this.oid = oid;
        }
    }

    /** Iteration counts the issue and OWASP's guidance make interesting. */
    static final List<BigInteger> BOUNDARY_ITERATIONS =
            List.of(
                            0L,
                            -1L,
                            1L,
                            600_000L,
                            600_001L,
                            1_000_000L,
                            10_000_000L,
                            (long) Integer.MAX_VALUE,
                            1L << 31,
                            1L << 32,
                            Long.MAX_VALUE)
                    .stream()
                    .map(BigInteger::valueOf)
                    .toList();

    private static final Map<Fixture, KeyPair> PAIRS = new EnumMap<>(Fixture.class);
    private static final Map<Fixture, byte[]> PKCS8 = new EnumMap<>(Fixture.class);
    private static final Map<Fixture, String> JWKS = new EnumMap<>(Fixture.class);

    static {
        for (Fixture fixture : Fixture.values()) {
            KeyPair pair = generate(fixture);
            if (pair != null) {
                PAIRS.put(fixture, pair);
                PKCS8.put(fixture, pair.getPrivate().getEncoded());
                try {
                    JWKS.put(fixture, TestKeys.privateJwk(pair, "fuzz-" + fixture));
                } catch (RuntimeException notAJwkKey) {
                    // JJWT writes no JWK for this key (RSASSA-PSS, say): its JWK form is PEM.
                }
            } else {
                PKCS8.put(fixture, curveOnlyPkcs8(fixture));
            }
        }
    }

    private FuzzKeys() {}

    /** Key text of any shape. */
    static String keyText(FuzzTape tape) {
        return switch (tape.pick(Shape.values())) {
            case TEXT -> tape.text(16 * 1024);
            case FIXTURE -> fixture(tape);
            case PEM -> pemBlocks(tape);
            case ENCRYPTED -> armour("ENCRYPTED PRIVATE KEY", encrypted(tape), Layout.LINES);
            case JWK -> jwk(tape);
            case SERVICE_ACCOUNT -> serviceAccount(tape);
            case REPEATED -> repeated(tape);
            case SECRET -> secret(tape);
        };
    }

    /** No password, the fixtures' password, an empty one, or any text. */
    static String password(FuzzTape tape) {
        return switch (tape.pick(4)) {
            case 0 -> null;
            case 1 -> PASSWORD;
            case 2 -> "";
            default -> tape.text(256);
        };
    }

    /** A real key in one format, then up to eight byte mutations of its DER (or JSON text). */
    static String fixture(FuzzTape tape) {
        Fixture fixture = tape.pick(Fixture.values());
        Format format = tape.pick(Format.values());
        Layout layout = tape.pick(Layout.values());
        int mutations = tape.pick(9);
        if (format == Format.JWK || format == Format.SERVICE_ACCOUNT) {
            byte[] json = fixtureJson(fixture, format).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < mutations; i++) {
                json = mutate(json, tape);
            }
            return new String(json, StandardCharsets.UTF_8);
        }
        byte[] der = fixtureDer(fixture, format);
        for (int i = 0; i < mutations; i++) {
            der = mutate(der, tape);
        }
        return armour(pemType(format), der, layout);
    }

    static byte[] fixtureDer(Fixture fixture, Format format) {
        byte[] pkcs8 = PKCS8.get(fixture);
        return switch (format) {
            case PKCS1, SEC1 -> innerKey(fixture, pkcs8);
            case ENCRYPTED ->
                    encryptedKeyInfo(
                            Pbe.PBES2,
                            Prf.SHA256,
                            Pbes2Cipher.AES_256,
                            BigInteger.valueOf(2048),
                            null,
                            "fixture-salt".getBytes(StandardCharsets.UTF_8),
                            "fixture-iv-16byt".getBytes(StandardCharsets.UTF_8),
                            pkcs8,
                            true);
            default -> pkcs8;
        };
    }

    static String fixtureJson(Fixture fixture, Format format) {
        if (format == Format.JWK && JWKS.containsKey(fixture)) {
            return JWKS.get(fixture);
        }
        String pem = armour("PRIVATE KEY", PKCS8.get(fixture), Layout.LINES);
        if (format == Format.SERVICE_ACCOUNT) {
            Map<String, Object> file = serviceAccountSkeleton();
            file.put("private_key_id", "fuzz-" + fixture);
            file.put("private_key", pem);
            file.put("client_email", "fuzz@example.iam.gserviceaccount.com");
            return json(file);
        }
        return pem;
    }

    static String pemType(Format format) {
        return switch (format) {
            case PKCS1 -> "RSA PRIVATE KEY";
            case SEC1 -> "EC PRIVATE KEY";
            case ENCRYPTED -> "ENCRYPTED PRIVATE KEY";
            default -> "PRIVATE KEY";
        };
    }

    /** One to three PEM blocks around fuzzed DER, with fuzzed text around and inside them. */
    private static String pemBlocks(FuzzTape tape) {
        StringBuilder text = new StringBuilder(tape.text(128));
        int blocks = 1 + tape.pick(3);
        for (int i = 0; i < blocks; i++) {
            int typeIndex = tape.pick(PEM_TYPES.size() + 1);
            String type = typeIndex < PEM_TYPES.size() ? PEM_TYPES.get(typeIndex) : tape.text(32);
            Layout layout = tape.pick(Layout.values());
            String headers = tape.text(128);
            byte[] der = tape.bytes(8 * 1024);
            String block = armour(type, der, layout);
            if (!headers.isEmpty()) {
                int afterBegin = block.indexOf("-----", 11) + 5;
                block =
                        block.substring(0, afterBegin)
                                + "\n"
                                + headers
                                + block.substring(afterBegin);
            }
            text.append(block);
        }
        return text.append(tape.text(128)).toString();
    }

    /** An EncryptedPrivateKeyInfo with every parameter from the tape. */
    static byte[] encrypted(FuzzTape tape) {
        Pbe pbe = tape.pick(Pbe.values());
        Prf prf = tape.pick(Prf.values());
        Pbes2Cipher cipher = tape.pick(Pbes2Cipher.values());
        BigInteger iterations = iterations(tape);
        BigInteger keyLength = tape.flag() ? BigInteger.valueOf(tape.int32()) : null;
        byte[] salt = tape.bytes(64);
        byte[] iv = tape.bytes(32);
        byte[] content;
        boolean encrypt = true;
        switch (tape.pick(3)) {
            case 0 -> content = PKCS8.get(tape.pick(Fixture.values()));
            case 1 -> content = tape.bytes(2048);
            default -> {
                content = tape.bytes(4096);
                encrypt = false;
            }
        }
        return encryptedKeyInfo(
                pbe, prf, cipher, iterations, keyLength, salt, iv, content, encrypt);
    }

    /** Small, boundary (2^31 - 1 among them) or any 64-bit count. */
    static BigInteger iterations(FuzzTape tape) {
        return switch (tape.pick(3)) {
            case 0 -> BigInteger.valueOf(1 + tape.number(MAX_ENCRYPT_ITERATIONS));
            case 1 -> tape.pick(BOUNDARY_ITERATIONS);
            default -> BigInteger.valueOf(tape.int64());
        };
    }

    /**
     * The DER of an EncryptedPrivateKeyInfo. With {@code encrypt} and parameters the JDK can use,
     * the content is really encrypted under {@link #PASSWORD}; otherwise it is stored as the
     * ciphertext itself.
     */
    static byte[] encryptedKeyInfo(
            Pbe pbe,
            Prf prf,
            Pbes2Cipher cipher,
            BigInteger iterations,
            BigInteger keyLength,
            byte[] salt,
            byte[] iv,
            byte[] content,
            boolean encrypt) {
        byte[] ciphertext =
                encrypt ? encrypt(pbe, prf, cipher, iterations, salt, iv, content) : content;
        AlgorithmIdentifier scheme;
        if (pbe == Pbe.PBES2) {
            ASN1EncodableVector kdf = new ASN1EncodableVector();
            kdf.add(new DEROctetString(salt));
            kdf.add(new ASN1Integer(iterations));
            if (keyLength != null) {
                kdf.add(new ASN1Integer(keyLength));
            }
            if (prf.oid != null) {
                kdf.add(
                        new AlgorithmIdentifier(
                                new ASN1ObjectIdentifier(prf.oid), DERNull.INSTANCE));
            }
            scheme =
                    new AlgorithmIdentifier(
                            PKCSObjectIdentifiers.id_PBES2,
                            new DERSequence(
                                    new ASN1Encodable[] {
                                        new AlgorithmIdentifier(
                                                PKCSObjectIdentifiers.id_PBKDF2,
                                                new DERSequence(kdf)),
                                        new AlgorithmIdentifier(
                                                new ASN1ObjectIdentifier(cipher.oid),
                                                new DEROctetString(iv))
                                    }));
        } else {
            scheme =
                    new AlgorithmIdentifier(
                            new ASN1ObjectIdentifier(pbe.oid),
                            new DERSequence(
                                    new ASN1Encodable[] {
                                        new DEROctetString(salt), new ASN1Integer(iterations)
                                    }));
        }
        try {
            return new EncryptedPrivateKeyInfo(scheme, ciphertext).getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] encrypt(
            Pbe pbe,
            Prf prf,
            Pbes2Cipher cipher,
            BigInteger iterations,
            byte[] salt,
            byte[] iv,
            byte[] content) {
        String name = jdkName(pbe, prf, cipher);
        if (name == null
                || salt.length == 0
                || iterations.signum() <= 0
                || iterations.compareTo(BigInteger.valueOf(MAX_ENCRYPT_ITERATIONS)) > 0) {
            return content;
        }
        try {
            Cipher jdk = Cipher.getInstance(name);
            PBEParameterSpec params =
                    pbe == Pbe.PBES2
                            ? new PBEParameterSpec(
                                    salt, iterations.intValue(), new IvParameterSpec(iv))
                            : new PBEParameterSpec(salt, iterations.intValue());
            jdk.init(
                    Cipher.ENCRYPT_MODE,
                    SecretKeyFactory.getInstance(name)
                            .generateSecret(new PBEKeySpec(PASSWORD.toCharArray())),
                    params);
            return jdk.doFinal(content);
        } catch (GeneralSecurityException | RuntimeException unusable) {
            return content;
        }
    }

    private static String jdkName(Pbe pbe, Prf prf, Pbes2Cipher cipher) {
        if (pbe != Pbe.PBES2) {
            return pbe.jdkName;
        }
        String hmac =
                switch (prf) {
                    case SHA1, DEFAULT -> "HmacSHA1";
                    case SHA224 -> "HmacSHA224";
                    case SHA256 -> "HmacSHA256";
                    case SHA384 -> "HmacSHA384";
                    case SHA512 -> "HmacSHA512";
                    default -> null;
                };
        String aes =
                switch (cipher) {
                    case AES_128 -> "AES_128";
                    case AES_256 -> "AES_256";
                    default -> null;
                };
        return hmac == null || aes == null ? null : "PBEWith" + hmac + "And" + aes;
    }

    /** A JSON object with a JWK's members: a fixture's, then up to eight edits of them. */
    private static String jwk(FuzzTape tape) {
        int base = tape.pick(Fixture.values().length + 2);
        Map<String, Object> members = new LinkedHashMap<>();
        if (base < Fixture.values().length) {
            members.putAll(parse(fixtureJson(Fixture.values()[base], Format.JWK)));
        } else if (base == Fixture.values().length) {
            members.put("kty", "oct");
            members.put("k", base64Url(new byte[64]));
        }
        int edits = tape.pick(9);
        for (int i = 0; i < edits; i++) {
            int memberIndex = tape.pick(JWK_MEMBERS.size() + 1);
            String member =
                    memberIndex < JWK_MEMBERS.size() ? JWK_MEMBERS.get(memberIndex) : tape.text(16);
            switch (tape.pick(9)) {
                case 0 -> members.remove(member);
                case 1 -> members.put(member, base64Url(tape.bytes(1024)));
                case 2 -> members.put(member, tape.text(64));
                case 3 -> members.put(member, tape.int64());
                case 4 -> members.put(member, null);
                case 5 -> members.put(member, tape.flag());
                case 6 -> members.put(member, List.of(tape.text(64), tape.text(64)));
                case 7 -> members.put(member, Map.of(tape.text(16), tape.text(64)));
                default -> {
                    Fixture other = tape.pick(Fixture.values());
                    members.put(member, parse(fixtureJson(other, Format.JWK)).get(member));
                }
            }
        }
        return json(members);
    }

    /** A service-account file whose members may be missing, of the wrong type, or broken. */
    private static String serviceAccount(FuzzTape tape) {
        Map<String, Object> file = serviceAccountSkeleton();
        switch (tape.pick(6)) {
            case 0 -> {
                Fixture fixture = tape.pick(Fixture.values());
                Format format = tape.pick(Format.values());
                Layout layout = tape.pick(Layout.values());
                file.put(
                        "private_key",
                        armour(pemType(format), fixtureDer(fixture, format), layout));
            }
            case 1 -> file.put("private_key", tape.text(4096));
            case 2 -> file.put("private_key", pemBlocks(tape));
            case 3 -> file.put("private_key", tape.int64());
            case 4 -> file.put("private_key", Map.of("pem", tape.text(64)));
            default -> file.put("private_key", null);
        }
        for (String member : List.of("private_key_id", "client_email")) {
            switch (tape.pick(5)) {
                case 0 -> file.remove(member);
                case 1 -> file.put(member, tape.text(256));
                case 2 -> file.put(member, tape.int64());
                case 3 -> file.put(member, null);
                default -> file.put(member, List.of(tape.text(64)));
            }
        }
        return json(file);
    }

    /** Text around one unit repeated up to 65535 times, at most {@link #MAX_REPEATED_CHARS}. */
    static String repeated(FuzzTape tape) {
        String prefix = tape.text(256);
        String unit = tape.text(256);
        int count = tape.number(65536);
        String suffix = tape.text(256);
        if (unit.isEmpty()) {
            return prefix + suffix;
        }
        count = Math.min(count, MAX_REPEATED_CHARS / unit.length());
        return prefix + unit.repeat(count) + suffix;
    }

    /** An HMAC secret as text or as base64 of fuzzed bytes, in any of base64's alphabets. */
    private static String secret(FuzzTape tape) {
        return switch (tape.pick(3)) {
            case 0 -> tape.text(1024);
            case 1 -> {
                Base64.Encoder encoder =
                        switch (tape.pick(4)) {
                            case 0 -> Base64.getEncoder();
                            case 1 -> Base64.getUrlEncoder();
                            case 2 -> Base64.getMimeEncoder();
                            default -> Base64.getEncoder().withoutPadding();
                        };
                yield KeyParser.BASE64_PREFIX + encoder.encodeToString(tape.bytes(1024));
            }
            default -> KeyParser.BASE64_PREFIX + tape.text(1024);
        };
    }

    static String armour(String type, byte[] der, Layout layout) {
        String body =
                Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        return switch (layout) {
            case LINES -> begin + "\n" + body + "\n" + end + "\n";
            case ONE_LINE -> begin + "\n" + body.replace("\n", "") + "\n" + end;
            case ESCAPED_NEWLINES -> (begin + "\n" + body + "\n" + end).replace("\n", "\\n");
            case CRLF -> (begin + "\n" + body + "\n" + end + "\n").replace("\n", "\r\n");
            case NO_BREAKS -> begin + body.replace("\n", "") + end;
            case INDENTED -> ("  " + begin + "\n" + body + "\n" + end).replace("\n", "\n  ");
            case NO_END -> begin + "\n" + body + "\n";
            case OTHER_END -> begin + "\n" + body + "\n-----END PUBLIC KEY-----\n";
        };
    }

    /** One mutation: set, delete or insert a byte, or truncate. */
    private static byte[] mutate(byte[] bytes, FuzzTape tape) {
        int operation = tape.pick(4);
        int position = tape.number(65536);
        byte value = (byte) tape.pick(256);
        int length = bytes.length;
        switch (operation) {
            case 0 -> {
                if (length > 0) {
                    bytes = bytes.clone();
                    bytes[position % length] = value;
                }
            }
            case 1 -> {
                if (length > 0) {
                    int at = position % length;
                    byte[] shorter = new byte[length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, length - at - 1);
                    bytes = shorter;
                }
            }
            case 2 -> {
                int at = position % (length + 1);
                byte[] longer = new byte[length + 1];
                System.arraycopy(bytes, 0, longer, 0, at);
                longer[at] = value;
                System.arraycopy(bytes, at, longer, at + 1, length - at);
                bytes = longer;
            }
            default -> bytes = Arrays.copyOf(bytes, position % (length + 1));
        }
        return bytes;
    }

    /** PKCS#1, SEC1 (naming its curve) or the bare key octets of EdDSA, as users find them. */
    private static byte[] innerKey(Fixture fixture, byte[] pkcs8) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8);
            if (fixture.orderBits > 0) {
                ECPrivateKey ec = ECPrivateKey.getInstance(info.parsePrivateKey());
                return new ECPrivateKey(
                                fixture.orderBits,
                                ec.getKey(),
                                info.getPrivateKeyAlgorithm().getParameters())
                        .getEncoded();
            }
            return info.parsePrivateKey().toASN1Primitive().getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(Fixture fixture) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(("conductor-jwt fuzz " + fixture).getBytes(StandardCharsets.UTF_8));
            KeyPairGenerator generator;
            switch (fixture) {
                case RSA_2048, RSA_1024 -> {
                    generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(fixture == Fixture.RSA_2048 ? 2048 : 1024, random);
                }
                case RSA_PSS_2048 -> {
                    generator = KeyPairGenerator.getInstance("RSASSA-PSS");
                    generator.initialize(2048, random);
                }
                case P256, P384, P521 -> {
                    generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(
                            new ECGenParameterSpec("secp" + fixture.orderBits + "r1"), random);
                }
                case ED25519, ED448 -> {
                    generator =
                            KeyPairGenerator.getInstance(
                                    fixture == Fixture.ED25519 ? "Ed25519" : "Ed448");
                    generator.initialize(
                            fixture == Fixture.ED25519
                                    ? NamedParameterSpec.ED25519
                                    : NamedParameterSpec.ED448,
                            random);
                }
                default -> {
                    return null;
                }
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 for curves the JDK no longer generates keys on (secp256k1, brainpoolP256r1). */
    private static byte[] curveOnlyPkcs8(Fixture fixture) {
        ASN1ObjectIdentifier curve =
                fixture == Fixture.SECP256K1
                        ? SECObjectIdentifiers.secp256k1
                        : TeleTrusTObjectIdentifiers.brainpoolP256r1;
        try {
            BigInteger d =
                    new BigInteger(
                                    1,
                                    MessageDigest.getInstance("SHA-256")
                                            .digest(
                                                    fixture.name()
                                                            .getBytes(StandardCharsets.UTF_8)))
                            .shiftRight(2);
            return new PrivateKeyInfo(
                            new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve),
                            new ECPrivateKey(fixture.orderBits, d, curve))
                    .getEncoded();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> serviceAccountSkeleton() {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("type", "service_account");
        file.put("project_id", "fuzz");
        file.put("token_uri", "https://oauth2.googleapis.com/token");
        return file;
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (JsonProcessingException notJson) {
            return new LinkedHashMap<>();
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every string inside a value, however deep (without recursion: values nest 65535 deep). */
    static List<String> strings(Object value) {
        List<String> found = new ArrayList<>();
        java.util.Deque<Object> pending = new java.util.ArrayDeque<>();
        if (value != null) {
            pending.push(value);
        }
        while (!pending.isEmpty()) {
            Object next = pending.pop();
            if (next instanceof String text) {
                found.add(text);
            } else if (next instanceof Map<?, ?> map) {
                map.forEach(
                        (k, v) -> {
                            if (k != null) {
                                pending.push(k);
                            }
                            if (v != null) {
                                pending.push(v);
                            }
                        });
            } else if (next instanceof Iterable<?> items) {
                items.forEach(
                        item -> {
                            if (item != null) {
                                pending.push(item);
                            }
                        });
            }
        }
        return found;
    }
}
