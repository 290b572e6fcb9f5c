package io.github.conductorjwt.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real SoftHSM2 token made for a test: a token directory and {@code softhsm2.conf} of its own,
 * {@code softhsm2-util --init-token}, keys generated on the token with {@code pkcs11-tool
 * --keypairgen --sensitive} (never extractable) and a self-signed certificate per key from {@code
 * certtool}, written beside the key under its id and label: the JDK's PKCS#11 key store lists a key
 * only with its certificate. Each token has a random PIN. A test that needs SoftHSM2 is skipped,
 * saying what is missing, where the tools are not installed ({@code .ci/run} installs them).
 *
 * <p>SoftHSM2 reads {@code SOFTHSM2_CONF} once per process: a JVM that loads the library itself
 * uses {@link #forThisJvm()}, whose configuration is the one surefire names in that variable; a
 * child process (a server, a worker) is given {@link #conf()} in its environment.
 */
public final class SoftHsmToken {

    public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");

    /** Labels of the keys on every token made here. */
    public static final String RSA = "hsm-rs";

    public static final String EC_P256 = "hsm-es";
    public static final String EC_P384 = "hsm-es384";

    /** An RSA key under the name the hostile corpus's keyName cases use. */
    public static final String CORPUS = HostileInputs.HELD_KEY_NAME;

    private static final Map<String, String> KEY_TYPES =
            Map.of(
                    RSA, "rsa:2048",
                    EC_P256, "EC:prime256v1",
                    EC_P384, "EC:secp384r1",
                    CORPUS, "rsa:2048");
    private static final List<String> LABELS = List.of(RSA, EC_P256, EC_P384, CORPUS);
    private static final Pattern SLOT = Pattern.compile("reassigned to slot (\\d+)");

    private static SoftHsmToken forThisJvm;

    private final Path conf;
    private final Path dir;
    private final long slot;
    private final long spareSlot;
    private final String pin;

    private SoftHsmToken(Path conf, long slot, long spareSlot, String pin) {
        this.conf = conf;
        this.dir = conf.getParent();
        this.slot = slot;
        this.spareSlot = spareSlot;
        this.pin = pin;
    }

    /** Skips the calling test, saying what is missing, unless SoftHSM2 and its tools are here. */
    public static void assumeInstalled() {
        List<String> missing = new ArrayList<>();
        if (!Files.isReadable(LIBRARY)) {
            missing.add(LIBRARY + " (Debian package softhsm2)");
        }
        for (String tool : List.of("softhsm2-util", "pkcs11-tool", "certtool")) {
            if (Stream.of(System.getenv("PATH").split(":"))
                    .noneMatch(dir -> Files.isExecutable(Path.of(dir, tool)))) {
                missing.add(tool + " (softhsm2, opensc, gnutls-bin)");
            }
        }
        Assumptions.assumeTrue(
                missing.isEmpty(),
                "SoftHSM2 test skipped: not installed here: "
                        + String.join(", ", missing)
                        + " (.ci/run installs them as root on Debian)");
    }

    /** The token of this JVM, made once, in the directory surefire's SOFTHSM2_CONF names. */
    public static synchronized SoftHsmToken forThisJvm() {
        assumeInstalled();
        if (forThisJvm == null) {
            String conf = System.getenv("SOFTHSM2_CONF");
            Assumptions.assumeTrue(
                    conf != null, "SoftHSM2 test skipped: SOFTHSM2_CONF is not set (see pom.xml)");
            forThisJvm = create(Path.of(conf).getParent());
        }
        return forThisJvm;
    }

    /**
     * A fresh token in {@code dir} (emptied first), with the three keys, and a second token, never
     * logged in, for wrong-PIN tests: a token this process has logged in to accepts any later PIN.
     */
    public static SoftHsmToken create(Path dir) {
        assumeInstalled();
        try {
            deleteTree(dir);
            Path tokens = Files.createDirectories(dir.resolve("tokens"));
            Path conf = dir.resolve("softhsm2.conf");
            Files.writeString(
                    conf,
                    "directories.tokendir = "
                            + tokens
                            + "\nobjectstore.backend = file\nlog.level = ERROR\n");
            String pin = randomPin();
            long slot = initToken(conf, "conductor-jwt", pin);
            long spare = initToken(conf, "conductor-jwt-spare", randomPin());
            SoftHsmToken token = new SoftHsmToken(conf, slot, spare, pin);
            Path template = dir.resolve("cert.tmpl");
            Files.writeString(
                    template,
                    "cn = \"conductor-jwt test key\"\nexpiration_days = 3650\nsigning_key\n");
            for (int i = 0; i < LABELS.size(); i++) {
                token.addKey(LABELS.get(i), String.format("%02x", i + 1), dir, template);
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long initToken(Path conf, String label, String pin) {
        String out =
                run(
                        conf,
                        null,
                        "softhsm2-util",
                        "--init-token",
                        "--free",
                        "--label",
                        label,
                        "--pin",
                        pin,
                        "--so-pin",
                        randomPin());
        Matcher slot = SLOT.matcher(out);
        if (!slot.find()) {
            throw new IllegalStateException("softhsm2-util did not say the token's slot: " + out);
        }
        return Long.parseLong(slot.group(1));
    }

    /**
     * Makes one more non-extractable key and its certificate on the token, as an operator rotating
     * a key would, e.g. {@code addKey("orders.2027-01", "rsa:2048")}.
     *
     * @param keyType as pkcs11-tool says it: {@code rsa:2048}, {@code EC:prime256v1}
     * @return the new objects' CKA_ID, for {@link #removeKey(String)}
     */
    public synchronized String addKey(String label, String keyType) {
        String id = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        addKey(label, keyType, id, dir, dir.resolve("cert.tmpl"));
        return id;
    }

    /**
     * Deletes a key made by {@link #addKey(String, String)}: its private and public halves and its
     * certificate.
     */
    public synchronized void removeKey(String id) {
        for (String type : List.of("cert", "privkey", "pubkey")) {
            pkcs11Tool("--delete-object", "--type", type, "--id", id);
        }
    }

    private void addKey(String label, String id, Path dir, Path template) {
        addKey(label, KEY_TYPES.get(label), id, dir, template);
    }

    private void addKey(String label, String keyType, String id, Path dir, Path template) {
        String lib = LIBRARY.toString();
        pkcs11Tool(
                "--keypairgen",
                "--key-type",
                keyType,
                "--label",
                label,
                "--id",
                id,
                "--sensitive",
                "--usage-sign");
        Path cert = dir.resolve(label + ".der");
        String object = "pkcs11:token=conductor-jwt;object=" + label;
        run(
                conf,
                pin,
                "certtool",
                "--generate-self-signed",
                "--provider",
                lib,
                "--load-privkey",
                object + ";type=private",
                "--load-pubkey",
                object + ";type=public",
                "--template",
                template.toString(),
                "--outder",
                "--outfile",
                cert.toString());
        pkcs11Tool(
                "--write-object", cert.toString(), "--type", "cert", "--id", id, "--label", label);
    }

    /** Runs a tool with this token's configuration; the PIN, if any, in GnuTLS's variable. */
    private static String run(Path conf, String gnutlsPin, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("SOFTHSM2_CONF", conf.toString());
            if (gnutlsPin != null) {
                builder.environment().put("GNUTLS_PIN", gnutlsPin);
            }
            Process process = builder.start();
            process.getOutputStream().close();
            String out =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(command[0] + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String randomPin() {
        byte[] bytes = new byte[8];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The {@code softhsm2.conf} a child process must be given as SOFTHSM2_CONF. */
    public Path conf() {
        return conf;
    }

    /** The slot id of the token with the keys. */
    public long slot() {
        return slot;
    }

    /** A second token, never logged in to: any PIN but its own (unknown) is wrong. */
    public long spareSlot() {
        return spareSlot;
    }

    /** The PIN, for the settings under test: tests scan outputs and logs for it. */
    public String pin() {
        return pin;
    }

    /**
     * The public key of {@code label}, from the certificate made for it: for a JVM that does not
     * load the token's library (an end-to-end test whose server or worker does).
     */
    public java.security.PublicKey publicKey(String label) {
        try (var in = Files.newInputStream(dir.resolve(label + ".der"))) {
            return java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in)
                    .getPublicKey();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every key's label. */
    public List<String> labels() {
        return LABELS;
    }

    /** A configuration of this token for the given labels. */
    public Pkcs11Config config(String... labels) {
        return new Pkcs11Config(LIBRARY, slot, null, pin::toCharArray, List.of(labels));
    }

    /** Runs pkcs11-tool on this token, e.g. to list the keys' attributes. */
    public String pkcs11Tool(String... arguments) {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "pkcs11-tool",
                                "--module",
                                LIBRARY.toString(),
                                "--slot",
                                Long.toString(slot),
                                "--login",
                                "--pin",
                                pin));
        command.addAll(List.of(arguments));
        return run(conf, null, command.toArray(String[]::new));
    }
}
