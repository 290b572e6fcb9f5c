package io.github.conductorjwt.core;

import io.github.conductorjwt.core.FuzzKeys.Fixture;
import io.github.conductorjwt.core.FuzzKeys.Format;
import io.github.conductorjwt.core.FuzzKeys.Layout;
import io.github.conductorjwt.core.FuzzKeys.Pbe;
import io.github.conductorjwt.core.FuzzKeys.Pbes2Cipher;
import io.github.conductorjwt.core.FuzzKeys.Prf;
import io.github.conductorjwt.core.FuzzKeys.Shape;
import io.github.conductorjwt.core.FuzzRequests.Kind;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fuzz targets' committed seeds, written through {@link FuzzTape.Writer} so that each reads
 * back as its name says: every fixture key in every format (as fixture choices: no key material is
 * committed), valid requests of every algorithm family, and hostile inputs. {@link #main} writes
 * them, earlier runs' findings among them: every build replays all of them. {@code FuzzSeedsTest}
 * checks the committed files against this class and that the seeds meant to sign do sign.
 *
 * <p>Run after changing a generator or a seed, from {@code core/} with a JDK 21+ (Maven itself may
 * run on an older one, so not through {@code exec:java}):
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=cp.txt
 * java -cp target/test-classes:target/classes:$(cat cp.txt) io.github.conductorjwt.core.FuzzSeeds .
 * </pre>
 */
final class FuzzSeeds {

    /** A named seed; {@code signs} when its input must give a token. */
    record Seed(String name, byte[] bytes, boolean signs) {}

    static final Path RESOURCES = Path.of("src/test/resources/io/github/conductorjwt/core");
    static final Path KEY_PARSER_SEEDS =
            RESOURCES.resolve("KeyParserFuzzTestInputs/parsesOrRefuses");
    static final Path READER_SEEDS =
            RESOURCES.resolve("JwtRequestReaderFuzzTestInputs/readsOrRefuses");

    private FuzzSeeds() {}

    public static void main(String[] args) throws IOException {
        Path core = Path.of(args.length > 0 ? args[0] : "core");
        write(core.resolve(KEY_PARSER_SEEDS), keyParserSeeds());
        write(core.resolve(READER_SEEDS), readerSeeds());
        // Findings of earlier runs, fixed since: every build replays them.
        write(core.resolve(KEY_PARSER_SEEDS), keyParserFindings());
        write(core.resolve(READER_SEEDS), readerFindings());
    }

    private static void write(Path directory, List<Seed> seeds) throws IOException {
        Files.createDirectories(directory);
        for (Seed seed : seeds) {
            Files.write(directory.resolve(seed.name()), seed.bytes());
        }
    }

    // ---- KeyParserFuzzTest: algorithm, key text, password ----

    static List<Seed> keyParserSeeds() {
        List<Seed> seeds = new ArrayList<>();
        for (Fixture fixture : Fixture.values()) {
            if (isOffCurve(fixture)) {
                continue; // in keyParserFindings
            }
            SigningAlgorithm algorithm = algorithmFor(fixture);
            boolean signs = fixture != Fixture.RSA_1024;
            for (Format format : formatsOf(fixture)) {
                String password = format == Format.ENCRYPTED ? FuzzKeys.PASSWORD : null;
                seeds.add(
                        keySeed(
                                fixture + "-" + format,
                                algorithm,
                                w -> fixtureKey(w, fixture, format, Layout.LINES, new int[0]),
                                password,
                                signs));
            }
        }
        for (Layout layout : Layout.values()) {
            seeds.add(
                    keySeed(
                            "RSA_2048-PKCS8-" + layout,
                            SigningAlgorithm.RS256,
                            w -> fixtureKey(w, Fixture.RSA_2048, Format.PKCS8, layout, new int[0]),
                            null,
                            layout != Layout.NO_END && layout != Layout.OTHER_END));
        }
        seeds.add(
                keySeed(
                        "P256-SEC1-not-a-sequence",
                        SigningAlgorithm.ES256,
                        w -> fixtureKey(w, Fixture.P256, Format.SEC1, Layout.LINES, 0, 0, 0x31),
                        null,
                        false));
        seeds.add(
                keySeed(
                        "RSA_2048-JWK-truncated",
                        SigningAlgorithm.RS256,
                        w -> fixtureKey(w, Fixture.RSA_2048, Format.JWK, Layout.LINES, 3, 200, 0),
                        null,
                        false));
        seeds.add(
                keySeed(
                        "RSA_2048-ENCRYPTED-wrong-password",
                        SigningAlgorithm.RS256,
                        w -> fixtureKey(w, Fixture.RSA_2048, Format.ENCRYPTED, Layout.LINES),
                        "not-the-password",
                        false));
        seeds.add(
                keySeed(
                        "RSA_2048-ENCRYPTED-no-password",
                        SigningAlgorithm.RS256,
                        w -> fixtureKey(w, Fixture.RSA_2048, Format.ENCRYPTED, Layout.LINES),
                        null,
                        false));
        seeds.add(
                keySeed(
                        "HS256-text-secret",
                        SigningAlgorithm.HS256,
                        w -> w.pick(Shape.SECRET).pick(0).text("a-shared-secret-of-32-characters"),
                        null,
                        true));
        seeds.add(
                keySeed(
                        "HS512-base64url-secret",
                        SigningAlgorithm.HS512,
                        w -> w.pick(Shape.SECRET).pick(1).pick(1).bytes(bytes(64, 7)),
                        null,
                        true));
        seeds.add(
                keySeed(
                        "HS384-base64-mime-secret",
                        SigningAlgorithm.HS384,
                        w -> w.pick(Shape.SECRET).pick(1).pick(2).bytes(bytes(48, 11)),
                        null,
                        true));
        seeds.add(
                keySeed(
                        "HS256-oct-jwk",
                        SigningAlgorithm.HS256,
                        w -> w.pick(Shape.JWK).pick(Fixture.values().length).pick(0),
                        null,
                        true));
        seeds.add(
                keySeed(
                        "HS256-base64-not-base64",
                        SigningAlgorithm.HS256,
                        w -> w.pick(Shape.SECRET).pick(2).text("***"),
                        null,
                        false));
        for (Pbe pbe : List.of(Pbe.PBES2, Pbe.SHA1_3DES, Pbe.MD5_DES)) {
            seeds.add(
                    keySeed(
                            "ENCRYPTED-" + pbe + "-P256",
                            SigningAlgorithm.ES256,
                            w ->
                                    encrypted(
                                            w,
                                            pbe,
                                            Prf.SHA256,
                                            Pbes2Cipher.AES_256,
                                            1000,
                                            bytes(8, 3),
                                            bytes(16, 5),
                                            Fixture.P256),
                            FuzzKeys.PASSWORD,
                            pbe == Pbe.PBES2)); // the legacy schemes are refused
        }
        seeds.add(
                keySeed(
                        "ENCRYPTED-PBES2-SHA1-AES128-ED25519",
                        SigningAlgorithm.EdDSA,
                        w ->
                                encrypted(
                                        w,
                                        Pbe.PBES2,
                                        Prf.SHA1,
                                        Pbes2Cipher.AES_128,
                                        1,
                                        bytes(16, 3),
                                        bytes(16, 5),
                                        Fixture.ED25519),
                        FuzzKeys.PASSWORD,
                        true));
        seeds.add(
                keySeed(
                        "ENCRYPTED-PBES2-GCM",
                        SigningAlgorithm.RS256,
                        w ->
                                encrypted(
                                        w,
                                        Pbe.PBES2,
                                        Prf.SHA512,
                                        Pbes2Cipher.AES_256_GCM,
                                        1000,
                                        bytes(16, 3),
                                        bytes(12, 5),
                                        Fixture.RSA_2048),
                        FuzzKeys.PASSWORD,
                        false));
        seeds.add(
                keySeed(
                        "PEM-legacy-openssl-encryption",
                        SigningAlgorithm.RS256,
                        w ->
                                pemBlock(
                                        w,
                                        "",
                                        1,
                                        Layout.LINES,
                                        "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n",
                                        bytes(64, 1),
                                        ""),
                        null,
                        false));
        for (int type : new int[] {4, 5, 6, 7, 8}) {
            seeds.add(
                    keySeed(
                            "PEM-" + FuzzKeys.PEM_TYPES.get(type).replace(' ', '_'),
                            SigningAlgorithm.RS256,
                            w -> pemBlock(w, "", type, Layout.LINES, "", bytes(96, type), ""),
                            null,
                            false));
        }
        seeds.add(
                keySeed(
                        "TEXT-not-a-key",
                        SigningAlgorithm.RS256,
                        w -> w.pick(Shape.TEXT).text("hunter2-not-a-key"),
                        null,
                        false));
        seeds.add(
                keySeed(
                        "TEXT-json-not-a-key",
                        SigningAlgorithm.ES256,
                        w -> w.pick(Shape.TEXT).text("{\"kty\":\"EC\",\"crv\":\"P-256\"}"),
                        null,
                        false));
        seeds.add(
                keySeed(
                        "JWK-RSA-without-d",
                        SigningAlgorithm.RS256,
                        w -> w.pick(Shape.JWK).pick(Fixture.RSA_2048).pick(1).pick(4).pick(0),
                        null,
                        false));
        seeds.add(
                keySeed(
                        "SERVICE_ACCOUNT-private_key-null",
                        SigningAlgorithm.RS256,
                        w -> w.pick(Shape.SERVICE_ACCOUNT).pick(5).pick(1).text("k").pick(0),
                        null,
                        false));
        seeds.add(
                keySeed(
                        "REPEATED-unterminated-BEGIN-200",
                        SigningAlgorithm.RS256,
                        w -> repeated(w, "", "-----BEGIN A-----\n", 200, ""),
                        null,
                        false));
        seeds.add(
                keySeed(
                        "REPEATED-escaped-newlines-1000",
                        SigningAlgorithm.RS256,
                        w -> repeated(w, "-----BEGIN PRIVATE KEY-----", "\\n", 1000, ""),
                        null,
                        false));
        return seeds;
    }

    /** Inputs that failed when written (see the README of the findings folder). */
    static List<Seed> keyParserFindings() {
        List<Seed> seeds = new ArrayList<>();
        for (Fixture fixture : List.of(Fixture.SECP256K1, Fixture.BRAINPOOL_P256R1)) {
            for (Format format : formatsOf(fixture)) {
                seeds.add(
                        keySeed(
                                fixture + "-" + format,
                                SigningAlgorithm.ES256,
                                w -> fixtureKey(w, fixture, format, Layout.LINES),
                                format == Format.ENCRYPTED ? FuzzKeys.PASSWORD : null,
                                false));
            }
        }
        // Found by fuzzing: one byte of the CRT exponent qi changed; the JDK accepts the key and
        // its private-key operation then fails its own check.
        seeds.add(
                keySeed(
                        "RSA_2048-PKCS8-last-byte-of-qi-changed",
                        SigningAlgorithm.RS256,
                        w ->
                                fixtureKey(
                                        w,
                                        Fixture.RSA_2048,
                                        Format.PKCS8,
                                        Layout.LINES,
                                        0,
                                        1216,
                                        0),
                        null,
                        false));
        seeds.add(
                keySeed(
                        "RSA_2048-PKCS1-last-byte-of-qi-changed",
                        SigningAlgorithm.PS256,
                        w ->
                                fixtureKey(
                                        w,
                                        Fixture.RSA_2048,
                                        Format.PKCS1,
                                        Layout.LINES,
                                        0,
                                        1190,
                                        0),
                        null,
                        false));
        // Found by fuzzing too: a JWK whose EC private value is out of range, or whose RSA CRT
        // value is zero, parses; signing then throws.
        seeds.add(
                keySeed(
                        "JWK-P521-d-out-of-range",
                        SigningAlgorithm.ES512,
                        w ->
                                w.pick(Shape.JWK)
                                        .pick(Fixture.P521)
                                        .pick(1)
                                        .pick(FuzzKeys.JWK_MEMBERS.indexOf("d"))
                                        .pick(1)
                                        .bytes(filled(66, 0xff)),
                        null,
                        false));
        seeds.add(
                keySeed(
                        "JWK-RSA-qi-zero",
                        SigningAlgorithm.RS256,
                        w ->
                                w.pick(Shape.JWK)
                                        .pick(Fixture.RSA_2048)
                                        .pick(1)
                                        .pick(FuzzKeys.JWK_MEMBERS.indexOf("qi"))
                                        .pick(1)
                                        .bytes(new byte[1]),
                        null,
                        false));
        // The stronger property (tokens verify against the key the input carries) found that a
        // private JWK whose public members are another key's signed with its private part.
        for (Fixture fixture : List.of(Fixture.P256, Fixture.ED25519, Fixture.ED448)) {
            seeds.add(
                    keySeed(
                            "JWK-" + fixture + "-public-members-of-another-key",
                            algorithmFor(fixture),
                            w -> jwkWithPublicMembersOfAnotherKey(w, fixture),
                            null,
                            false));
        }
        seeds.add(
                keySeed(
                        "JWK-RSA_2048-n-of-another-key",
                        SigningAlgorithm.RS256,
                        w -> jwkWithPublicMembersOfAnotherKey(w, Fixture.RSA_2048),
                        null,
                        false));
        // Found by fuzzing with the stronger property: key text that holds our own message
        // text is not quoted by that message (the property now sets the code's own text aside).
        seeds.add(
                keySeed(
                        "PEM-after-a-message-of-ours",
                        SigningAlgorithm.RS256,
                        w ->
                                pemBlock(
                                        w,
                                        "PEM body is not valid base64\n",
                                        0,
                                        Layout.LINES,
                                        "!!",
                                        bytes(16, 1),
                                        ""),
                        null,
                        false));
        // Found by a JWK Nimbus wrote: an oct JWK's kid was dropped, though the header's kid
        // defaults to a JWK's; the stronger property checks it.
        seeds.add(
                keySeed(
                        "HS256-oct-jwk-with-kid",
                        SigningAlgorithm.HS256,
                        w ->
                                w.pick(Shape.JWK)
                                        .pick(Fixture.values().length)
                                        .pick(1)
                                        .pick(FuzzKeys.JWK_MEMBERS.indexOf("kid"))
                                        .pick(2)
                                        .text("oct-kid"),
                        null,
                        true));
        seeds.add(
                keySeed(
                        "REPEATED-unterminated-BEGIN-20000",
                        SigningAlgorithm.RS256,
                        w -> repeated(w, "", "-----BEGIN A-----\n", 20_000, ""),
                        null,
                        false));
        seeds.add(
                keySeed(
                        "ENCRYPTED-PBKDF2-2147483647-iterations",
                        SigningAlgorithm.RS256,
                        w ->
                                encryptedBoundary(
                                        w,
                                        FuzzKeys.BOUNDARY_ITERATIONS.indexOf(
                                                BigInteger.valueOf(Integer.MAX_VALUE))),
                        FuzzKeys.PASSWORD,
                        false));
        seeds.add(
                keySeed(
                        "HS256-empty-base64",
                        SigningAlgorithm.HS256,
                        w -> w.pick(Shape.SECRET).pick(2).text(""),
                        null,
                        false));
        return seeds;
    }

    private static Seed keySeed(
            String name,
            SigningAlgorithm algorithm,
            Consumer<FuzzTape.Writer> keyText,
            String password,
            boolean signs) {
        FuzzTape.Writer w = new FuzzTape.Writer().pick(algorithm);
        keyText.accept(w);
        password(w, password);
        return new Seed(name, w.toByteArray(), signs);
    }

    /**
     * The fixture's JWK with its public members (x and y, x, or n) replaced, one edit each, by
     * those of another key of the same kind, generated here from a fixed seed: public values only.
     */
    static void jwkWithPublicMembersOfAnotherKey(FuzzTape.Writer w, Fixture fixture) {
        Map<String, byte[]> members = publicMembersOfAnotherKey(fixture);
        w.pick(Shape.JWK).pick(fixture).pick(members.size());
        members.forEach(
                (member, value) ->
                        w.pick(FuzzKeys.JWK_MEMBERS.indexOf(member)).pick(1).bytes(value));
    }

    private static Map<String, byte[]> publicMembersOfAnotherKey(Fixture fixture) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(
                    ("conductor-jwt fuzz, another " + fixture).getBytes(StandardCharsets.UTF_8));
            Map<String, byte[]> members = new LinkedHashMap<>();
            switch (fixture) {
                case RSA_2048 -> {
                    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
                    rsa.initialize(2048, random);
                    BigInteger n = ((RSAPublicKey) rsa.generateKeyPair().getPublic()).getModulus();
                    members.put("n", unsigned(n, 256));
                }
                case P256 -> {
                    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
                    ec.initialize(new ECGenParameterSpec("secp256r1"), random);
                    ECPoint point = ((ECPublicKey) ec.generateKeyPair().getPublic()).getW();
                    members.put("x", unsigned(point.getAffineX(), 32));
                    members.put("y", unsigned(point.getAffineY(), 32));
                }
                case ED25519, ED448 -> {
                    String curve = fixture == Fixture.ED25519 ? "Ed25519" : "Ed448";
                    KeyPairGenerator ed = KeyPairGenerator.getInstance(curve);
                    ed.initialize(new NamedParameterSpec(curve), random);
                    byte[] spki = ed.generateKeyPair().getPublic().getEncoded();
                    int length = fixture == Fixture.ED25519 ? 32 : 57;
                    members.put("x", Arrays.copyOfRange(spki, spki.length - length, spki.length));
                }
                default -> throw new IllegalArgumentException(fixture.name());
            }
            return members;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Big-endian, exactly {@code length} bytes, as JWK members are written. */
    private static byte[] unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[length];
        int copy = Math.min(bytes.length, length);
        System.arraycopy(bytes, bytes.length - copy, fixed, length - copy, copy);
        return fixed;
    }

    static void fixtureKey(
            FuzzTape.Writer w, Fixture fixture, Format format, Layout layout, int... mutation) {
        w.pick(Shape.FIXTURE).pick(fixture).pick(format).pick(layout);
        w.pick(mutation.length / 3);
        for (int i = 0; i + 2 < mutation.length; i += 3) {
            w.pick(mutation[i]).number(mutation[i + 1]).pick(mutation[i + 2]);
        }
    }

    private static void password(FuzzTape.Writer w, String password) {
        if (password == null) {
            w.pick(0);
        } else if (password.equals(FuzzKeys.PASSWORD)) {
            w.pick(1);
        } else if (password.isEmpty()) {
            w.pick(2);
        } else {
            w.pick(3).text(password);
        }
    }

    private static void encrypted(
            FuzzTape.Writer w,
            Pbe pbe,
            Prf prf,
            Pbes2Cipher cipher,
            int iterations,
            byte[] salt,
            byte[] iv,
            Fixture content) {
        w.pick(Shape.ENCRYPTED).pick(pbe).pick(prf).pick(cipher);
        w.pick(0).number(iterations - 1);
        w.flag(false).bytes(salt).bytes(iv);
        w.pick(0).pick(content);
    }

    private static void encryptedBoundary(FuzzTape.Writer w, int iterationsIndex) {
        w.pick(Shape.ENCRYPTED).pick(Pbe.PBES2).pick(Prf.SHA256).pick(Pbes2Cipher.AES_256);
        w.pick(1).pick(iterationsIndex);
        w.flag(false).bytes(bytes(16, 3)).bytes(bytes(16, 5));
        w.pick(2).bytes(bytes(1232, 9));
    }

    private static void pemBlock(
            FuzzTape.Writer w,
            String prefix,
            int typeIndex,
            Layout layout,
            String headers,
            byte[] der,
            String suffix) {
        w.pick(Shape.PEM).text(prefix).pick(0);
        w.pick(typeIndex).pick(layout).text(headers).bytes(der);
        w.text(suffix);
    }

    static void repeated(FuzzTape.Writer w, String prefix, String unit, int count, String suffix) {
        w.pick(Shape.REPEATED).text(prefix).text(unit).number(count).text(suffix);
    }

    private static SigningAlgorithm algorithmFor(Fixture fixture) {
        return switch (fixture) {
            case RSA_2048, RSA_1024 -> SigningAlgorithm.RS256;
            case RSA_PSS_2048 -> SigningAlgorithm.PS256;
            case P256, SECP256K1, BRAINPOOL_P256R1 -> SigningAlgorithm.ES256;
            case P384 -> SigningAlgorithm.ES384;
            case P521 -> SigningAlgorithm.ES512;
            case ED25519, ED448 -> SigningAlgorithm.EdDSA;
        };
    }

    private static boolean isOffCurve(Fixture fixture) {
        return fixture == Fixture.SECP256K1 || fixture == Fixture.BRAINPOOL_P256R1;
    }

    private static List<Format> formatsOf(Fixture fixture) {
        List<Format> formats = new ArrayList<>(List.of(Format.PKCS8, Format.ENCRYPTED));
        switch (fixture) {
            case RSA_2048, RSA_1024 -> formats.add(Format.PKCS1);
            case P256, P384, P521, SECP256K1, BRAINPOOL_P256R1 -> formats.add(Format.SEC1);
            default -> {}
        }
        if (!isOffCurve(fixture) && fixture != Fixture.RSA_PSS_2048) {
            formats.add(Format.JWK);
        }
        formats.add(Format.SERVICE_ACCOUNT);
        return formats;
    }

    // ---- JwtRequestReaderFuzzTest: a map of inputs ----

    /** One input of a request: its name's index in FuzzRequests.INPUTS, and its value. */
    private record Input(String name, Consumer<FuzzTape.Writer> value) {}

    static List<Seed> readerSeeds() {
        List<Seed> seeds = new ArrayList<>();
        for (Fixture fixture :
                List.of(Fixture.RSA_2048, Fixture.P256, Fixture.P384, Fixture.P521)) {
            seeds.add(
                    request(
                            "valid-" + fixture,
                            true,
                            fullRequest(algorithmFor(fixture), fixture, Format.PKCS8)));
        }
        seeds.add(
                request(
                        "valid-PS256-RSA_PSS",
                        true,
                        fullRequest(SigningAlgorithm.PS256, Fixture.RSA_PSS_2048, Format.PKCS8)));
        seeds.add(
                request(
                        "valid-EdDSA-ED25519-JWK",
                        true,
                        fullRequest(SigningAlgorithm.EdDSA, Fixture.ED25519, Format.JWK)));
        seeds.add(
                request(
                        "valid-RS512-PKCS1",
                        true,
                        fullRequest(SigningAlgorithm.RS512, Fixture.RSA_2048, Format.PKCS1)));
        List<Input> encrypted =
                new ArrayList<>(
                        fullRequest(SigningAlgorithm.ES256, Fixture.P256, Format.ENCRYPTED));
        encrypted.add(new Input(JwtInputNames.PRIVATE_KEY_PASSWORD, w -> w.pick(Kind.PASSWORD)));
        seeds.add(request("valid-ES256-encrypted", true, encrypted));
        seeds.add(
                request(
                        "valid-service-account-supplies-issuer-and-subject",
                        true,
                        List.of(
                                new Input(
                                        JwtInputNames.PRIVATE_KEY,
                                        key(Fixture.RSA_2048, Format.SERVICE_ACCOUNT)),
                                new Input(JwtInputNames.AUDIENCE, text("https://a.example")),
                                new Input(JwtInputNames.TTL_IN_SECONDS, smallInt(3600)))));
        seeds.add(
                request(
                        "valid-HS256-secret-ttl-as-string",
                        true,
                        List.of(
                                new Input(JwtInputNames.ISSUER, text("i")),
                                new Input(JwtInputNames.SUBJECT, text("s")),
                                new Input(JwtInputNames.AUDIENCE, list(text("a"), text("b"))),
                                new Input(JwtInputNames.TTL_IN_SECOND, numberText("60")),
                                new Input(
                                        JwtInputNames.ALGORITHM,
                                        algorithm(SigningAlgorithm.HS256, 1)),
                                new Input(
                                        JwtInputNames.PRIVATE_KEY,
                                        w ->
                                                w.pick(Kind.KEY)
                                                        .pick(Shape.SECRET)
                                                        .pick(0)
                                                        .text(
                                                                "a-shared-secret-of-32-characters")))));
        List<Input> nested =
                new ArrayList<>(
                        fullRequest(SigningAlgorithm.RS256, Fixture.RSA_2048, Format.PKCS8));
        nested.add(new Input(JwtInputNames.ADDITIONAL_CLAIMS, map("role", deep(100, true, "x"))));
        seeds.add(request("refused-claim-nested-100-deep", false, nested));
        seeds.add(
                request(
                        "refused-every-input-of-the-wrong-type",
                        false,
                        JwtInputNames.SUBJECT,
                        JwtInputNames.ISSUER,
                        JwtInputNames.AUDIENCE,
                        JwtInputNames.PRIVATE_KEY,
                        JwtInputNames.TTL_IN_SECOND,
                        JwtInputNames.ALGORITHM,
                        JwtInputNames.ADDITIONAL_CLAIMS,
                        JwtInputNames.HEADERS));
        seeds.add(
                request(
                        "refused-ttl-spellings-disagree",
                        false,
                        List.of(
                                new Input(JwtInputNames.TTL_IN_SECOND, smallInt(60)),
                                new Input(JwtInputNames.TTL_IN_SECONDS, numberText("6e1")),
                                new Input(JwtInputNames.NOT_BEFORE, numberText("1e19")))));
        seeds.add(
                request(
                        "refused-none-and-key-as-password",
                        false,
                        List.of(
                                new Input(
                                        JwtInputNames.ALGORITHM,
                                        w -> w.pick(Kind.ALGORITHM).pick(0).pick(3)),
                                new Input(
                                        JwtInputNames.PRIVATE_KEY_PASSWORD,
                                        key(Fixture.P256, Format.PKCS8)))));
        return seeds;
    }

    /** Inputs that failed when written (see the README of the findings folder). */
    static List<Seed> readerFindings() {
        List<Seed> seeds = new ArrayList<>();
        for (String number : List.of("1e2147483600", "1e-2147483600", "1e2147483648")) {
            List<Input> inputs =
                    new ArrayList<>(
                            fullRequest(SigningAlgorithm.RS256, Fixture.RSA_2048, Format.PKCS8));
            inputs.set(3, new Input(JwtInputNames.TTL_IN_SECOND, numberText(number)));
            seeds.add(request("ttlInSecond-" + number, false, inputs));
        }
        List<Input> deep =
                new ArrayList<>(
                        fullRequest(SigningAlgorithm.RS256, Fixture.RSA_2048, Format.PKCS8));
        deep.add(new Input(JwtInputNames.ADDITIONAL_CLAIMS, map("role", deep(5000, true, "x"))));
        seeds.add(request("claim-nested-5000-deep", false, deep));
        for (String header : List.of("typ", "jwk", "x5c", "p2c", "")) {
            List<Input> inputs =
                    new ArrayList<>(
                            fullRequest(SigningAlgorithm.RS256, Fixture.RSA_2048, Format.PKCS8));
            // p2c must be a number, the others strings or objects: each gets what it must not be.
            Consumer<FuzzTape.Writer> value = header.equals("p2c") ? text("x") : smallInt(5);
            inputs.add(new Input(JwtInputNames.HEADERS, map(header, value)));
            seeds.add(
                    request(
                            "header-" + (header.isEmpty() ? "empty-name" : header) + "-malformed",
                            false,
                            inputs));
        }
        // Found by fuzzing: JJWT quotes a malformed registered header's value in its message,
        // and a deeply nested one overflows the stack (an Error) while it does.
        List<Input> deepHeader =
                new ArrayList<>(
                        fullRequest(SigningAlgorithm.RS256, Fixture.RSA_2048, Format.PKCS8));
        deepHeader.add(new Input(JwtInputNames.HEADERS, map("typ", deep(30_000, true, "x"))));
        seeds.add(request("header-typ-nested-30000-deep", false, deepHeader));
        List<Input> crt =
                new ArrayList<>(
                        fullRequest(SigningAlgorithm.RS256, Fixture.RSA_2048, Format.PKCS8));
        crt.set(
                5,
                new Input(
                        JwtInputNames.PRIVATE_KEY,
                        w -> {
                            w.pick(Kind.KEY);
                            fixtureKey(w, Fixture.RSA_2048, Format.PKCS8, Layout.LINES, 0, 1216, 0);
                        }));
        seeds.add(request("RSA-key-whose-CRT-parts-disagree", false, crt));
        List<Input> newline =
                new ArrayList<>(
                        fullRequest(SigningAlgorithm.RS256, Fixture.RSA_2048, Format.PKCS8));
        newline.set(
                4,
                new Input(
                        JwtInputNames.ALGORITHM,
                        w -> w.pick(Kind.ALGORITHM).pick(0).pick(5).text("\nINFO forged line")));
        seeds.add(request("algorithm-with-line-break", false, newline));
        List<Input> emptySecret =
                new ArrayList<>(
                        fullRequest(SigningAlgorithm.HS256, Fixture.RSA_2048, Format.PKCS8));
        emptySecret.set(
                5,
                new Input(
                        JwtInputNames.PRIVATE_KEY,
                        w -> w.pick(Kind.KEY).pick(Shape.SECRET).pick(2).text("")));
        seeds.add(request("HS256-empty-base64-secret", false, emptySecret));
        List<Input> otherPublic =
                new ArrayList<>(fullRequest(SigningAlgorithm.ES256, Fixture.P256, Format.PKCS8));
        otherPublic.set(
                5,
                new Input(
                        JwtInputNames.PRIVATE_KEY,
                        w -> jwkWithPublicMembersOfAnotherKey(w.pick(Kind.KEY), Fixture.P256)));
        seeds.add(request("JWK-P256-public-members-of-another-key", false, otherPublic));
        // Found by fuzzing with the stronger property: a header or claim whose value is blank is
        // left out of the token, as JJWT leaves out empty members.
        List<Input> blankHeader =
                new ArrayList<>(
                        fullRequest(SigningAlgorithm.RS256, Fixture.RSA_2048, Format.PKCS8));
        blankHeader.set(10, new Input(JwtInputNames.HEADERS, map("cty", text(" "))));
        seeds.add(request("header-cty-blank-is-left-out", true, blankHeader));
        // Found by fuzzing with the stronger property: an out-of-range number of seconds given as
        // text is stated back as the number read; such inputs are not quotes of a secret.
        List<Input> statedNumber =
                new ArrayList<>(
                        fullRequest(SigningAlgorithm.RS256, Fixture.RSA_2048, Format.PKCS8));
        statedNumber.set(
                8,
                new Input(
                        JwtInputNames.NOT_BEFORE,
                        w ->
                                w.pick(Kind.NUMBER_TEXT)
                                        .pick(FuzzRequests.NUMBER_TEXTS.size())
                                        .pick(0)
                                        .bytes(filled(16, 3))
                                        .flag(false)
                                        .flag(false)));
        seeds.add(request("notBefore-16-digits-as-text-out-of-range", false, statedNumber));
        return seeds;
    }

    /** issuer, subject, audience, ttlInSecond, algorithm, privateKey, then optional inputs. */
    private static List<Input> fullRequest(
            SigningAlgorithm algorithm, Fixture fixture, Format format) {
        return List.of(
                new Input(JwtInputNames.ISSUER, text("svc@example.iam.gserviceaccount.com")),
                new Input(JwtInputNames.SUBJECT, text("svc@example.iam.gserviceaccount.com")),
                new Input(JwtInputNames.AUDIENCE, text("https://oauth2.googleapis.com/token")),
                new Input(JwtInputNames.TTL_IN_SECOND, smallInt(3600)),
                new Input(JwtInputNames.ALGORITHM, algorithm(algorithm, 0)),
                new Input(JwtInputNames.PRIVATE_KEY, key(fixture, format)),
                new Input(JwtInputNames.PRIVATE_KEY_ID, text("key-1")),
                new Input(JwtInputNames.SCOPES, text("a b")),
                new Input(JwtInputNames.NOT_BEFORE, smallInt(0)),
                new Input(JwtInputNames.JTI, text("jti-1")),
                new Input(JwtInputNames.HEADERS, map("cty", text("x"))));
    }

    private static Seed request(String name, boolean signs, List<Input> inputs) {
        FuzzTape.Writer w = new FuzzTape.Writer().pick(inputs.size());
        for (Input input : inputs) {
            w.pick(FuzzRequests.INPUTS.indexOf(input.name()));
            input.value().accept(w);
        }
        return new Seed(name, w.toByteArray(), signs);
    }

    /** The named inputs, each with a value of a type it does not take. */
    private static Seed request(String name, boolean signs, String... names) {
        List<Input> inputs = new ArrayList<>();
        for (String input : names) {
            inputs.add(
                    new Input(
                            input,
                            input.equals(JwtInputNames.TTL_IN_SECOND)
                                    ? text("soon")
                                    : w -> w.pick(Kind.BOOLEAN).flag(true)));
        }
        return request(name, signs, inputs);
    }

    private static Consumer<FuzzTape.Writer> text(String value) {
        return w -> w.pick(Kind.TEXT).text(value);
    }

    private static Consumer<FuzzTape.Writer> smallInt(int value) {
        return w -> w.pick(Kind.SMALL_INT).number(value);
    }

    private static Consumer<FuzzTape.Writer> numberText(String value) {
        return w -> w.pick(Kind.NUMBER_TEXT).pick(FuzzRequests.NUMBER_TEXTS.indexOf(value));
    }

    private static Consumer<FuzzTape.Writer> algorithm(SigningAlgorithm algorithm, int variant) {
        return w -> w.pick(Kind.ALGORITHM).pick(algorithm).pick(variant);
    }

    private static Consumer<FuzzTape.Writer> key(Fixture fixture, Format format) {
        return w -> {
            w.pick(Kind.KEY);
            fixtureKey(w, fixture, format, Layout.LINES);
        };
    }

    @SafeVarargs
    private static Consumer<FuzzTape.Writer> list(Consumer<FuzzTape.Writer>... items) {
        return w -> {
            w.pick(Kind.LIST).pick(items.length);
            for (Consumer<FuzzTape.Writer> item : items) {
                item.accept(w);
            }
        };
    }

    private static Consumer<FuzzTape.Writer> map(String name, Consumer<FuzzTape.Writer> value) {
        return w -> {
            w.pick(Kind.MAP).pick(1);
            int index = FuzzRequests.MEMBER_NAMES.indexOf(name);
            if (index >= 0) {
                w.pick(index);
            } else {
                w.pick(FuzzRequests.MEMBER_NAMES.size()).text(name);
            }
            value.accept(w);
        };
    }

    private static Consumer<FuzzTape.Writer> deep(int depth, boolean objects, String leaf) {
        return w -> w.pick(Kind.DEEP).number(depth).flag(objects).text(leaf);
    }

    static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** Deterministic filler bytes. */
    static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 31 + i * 17);
        }
        return bytes;
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
