package io.github.conductorjwt.core;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.interfaces.EdECKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * The JCA provider our signing uses: the JDK's, or Amazon Corretto Crypto Provider (ACCP, AWS-LC
 * inside) for several times the JDK's speed. It is handed to JJWT for our tokens only and never
 * installed in the JVM's provider list, so the server's TLS and everything else are untouched.
 *
 * <p>ACCP signs what it has a native implementation for: RSA keys (RS*, PS*), the NIST curves
 * (ES*), Ed25519 and HMAC. RSASSA-PSS-only keys and Ed448 keys stay with the JDK.
 */
public final class SigningProvider {

    /** What an operator asks for. */
    public enum Choice {
        /** ACCP where it loads and passes its self-test, else the JDK. */
        AUTO,
        JDK,
        /** ACCP or refuse to start. */
        ACCP;

        /**
         * @throws IllegalArgumentException naming the accepted values, not the text
         */
        public static Choice named(String name) {
            for (Choice choice : values()) {
                if (choice.name().equalsIgnoreCase(name.strip())) {
                    return choice;
                }
            }
            throw new IllegalArgumentException("must be one of auto, jdk, accp");
        }
    }

    /** The JDK's providers, as JJWT finds them without being told. */
    public static final SigningProvider JDK =
            new SigningProvider("jdk", null, "the JDK's providers");

    static final String IMPORT_REFUSED_MSG =
            "is not a valid %s private key (refused by %s's key check)";

    private static final String ED25519 = "Ed25519";

    private final String name;
    private final Provider jca;
    private final String reason;

    private SigningProvider(String name, Provider jca, String reason) {
        this.name = name;
        this.jca = jca;
        this.reason = reason;
    }

    /**
     * @throws IllegalStateException for {@link Choice#ACCP} when ACCP does not load or fails its
     *     self-test, saying why
     */
    public static SigningProvider choose(Choice choice) {
        return choose(choice, Accp.REAL);
    }

    /** {@link #choose(Choice)} with {@code accp} in ACCP's place: tests hand in a broken one. */
    static SigningProvider choose(Choice choice, Accp accp) {
        Objects.requireNonNull(choice, "choice");
        if (choice == Choice.JDK) {
            return new SigningProvider("jdk", null, "jdk asked for");
        }
        Provider loaded;
        String unusable;
        try {
            loaded = accp.load();
            accp.selfTest(loaded);
            unusable = null;
        } catch (LinkageError e) {
            loaded = null;
            unusable =
                    "not on the class path or not for this platform ("
                            + e.getClass().getSimpleName()
                            + ")";
        } catch (RuntimeException e) {
            loaded = null;
            unusable = "self-test failed: " + e.getClass().getSimpleName();
        }
        if (unusable == null) {
            return new SigningProvider(
                    "accp",
                    loaded,
                    (choice == Choice.AUTO ? "auto: " : "accp asked for; ")
                            + "ACCP "
                            + loaded.getVersionStr()
                            + " loaded and passed its self-test");
        }
        if (choice == Choice.ACCP) {
            throw new IllegalStateException("ACCP asked for but unusable: " + unusable);
        }
        return new SigningProvider("jdk", null, "auto: ACCP unusable (" + unusable + ")");
    }

    /** {@code jdk} or {@code accp}: for logs and metric tags. */
    public String name() {
        return name;
    }

    /** Why this provider was chosen, one line for the start-up log. */
    public String reason() {
        return reason;
    }

    /**
     * The key as this provider's own, with the provider JJWT is to sign it with: ACCP imports RSA,
     * EC and Ed25519 keys into native form once (a key of another provider it would convert at
     * every signature: a quarter of an Ed25519 token's time) and signs secrets as they are. Other
     * keys stay with the JDK.
     *
     * @throws KeyException when the provider's stricter import refuses the key
     */
    SigningKey adopt(SigningKey parsed) {
        if (jca == null) {
            return parsed;
        }
        Key key = parsed.key();
        Key own;
        if (key instanceof SecretKey) {
            own = key;
        } else if (key instanceof EdECKey ed) {
            if (!ed.getParams().getName().equalsIgnoreCase(ED25519)) {
                return parsed;
            }
            // Without its Ed25519 key factory (ACCP set up before us, or the operator turned it
            // off) ACCP still signs the JDK's key, converting it each time.
            own = jca.getService("KeyFactory", ED25519) == null ? key : imported(ED25519, key);
        } else if (key.getAlgorithm().equals("RSA") || key.getAlgorithm().equals("EC")) {
            own = imported(key.getAlgorithm(), key);
        } else {
            return parsed;
        }
        return parsed.withKey(own, jca);
    }

    private Key imported(String algorithm, Key key) {
        try {
            return KeyFactory.getInstance(algorithm, jca)
                    .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyException(
                    IMPORT_REFUSED_MSG.formatted(
                            key.getAlgorithm(), name.toUpperCase(Locale.ROOT)));
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** ACCP as {@link #choose} sees it: tests hand in one that does not load or fails. */
    interface Accp {

        /**
         * @throws LinkageError when its classes or its native library are missing
         */
        Provider load();

        /**
         * @throws RuntimeException when the loaded provider fails its self-test
         */
        void selfTest(Provider loaded);

        Accp REAL =
                new Accp() {
                    @Override
                    public Provider load() {
                        return Corretto.load();
                    }

                    @Override
                    public void selfTest(Provider loaded) {
                        Corretto.selfTest(loaded);
                    }
                };
    }

    /**
     * ACCP behind one door: its classes are touched only here, and this class is loaded only inside
     * {@link #choose}'s try, so a deployment without the jar (or on a platform its native library
     * does not serve) falls back instead of failing.
     */
    private static final class Corretto {

        /**
         * ACCP's switch for its Ed25519 key factory, read once when ACCP is set up. Off by default
         * because its keys are not {@code EdECKey}s and so are of use to ACCP only; ours are used
         * by ACCP only, and ACCP is never in the JVM's provider list, so nothing else sees them.
         */
        static final String ED_KEY_FACTORY =
                "com.amazon.corretto.crypto.provider.registerEdKeyFactory";

        static Provider load() {
            // Before ACCP's first use; an operator's own setting (false, say) stands.
            System.getProperties().putIfAbsent(ED_KEY_FACTORY, "true");
            var accp = com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
            Throwable error = accp.getLoadingError();
            if (error != null) {
                throw new UnsatisfiedLinkError(
                        "native library did not load: " + error.getClass().getSimpleName());
            }
            return accp;
        }

        static void selfTest(Provider loaded) {
            ((com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider) loaded)
                    .assertHealthy();
        }
    }
}
