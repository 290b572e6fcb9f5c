package io.github.conductorjwt.core;

import java.io.IOException;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.InvalidParameterException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.Security;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.login.LoginException;

/**
 * A PKCS#11 token through the JDK's SunPKCS11 provider, logged in once for every thread, whose keys
 * (by label) are offered as {@link HeldSigner}s. A configured name covers the key labelled {@code
 * name} and every key labelled {@code name.VERSION} (e.g. {@code hsm-rs.2027-01}): rotation adds a
 * key under a new label and removes the old one, and {@link #reload()} reads them again. The
 * provider is ours alone, never installed in the JVM's list. A login the token refuses stops the
 * start and is never tried again: tokens lock after a few wrong PINs. A device that fails mid-run
 * has its provider and session rebuilt, at most once per {@link #REBUILD_PAUSE}; tasks meanwhile
 * fail retryably. (The core logs nothing: the adapters log the signers at start, and each failure
 * ends a task with its reason.)
 */
public final class Pkcs11Token {

    /** Between two attempts to rebuild a failed session: a device that is gone is not hammered. */
    static final Duration REBUILD_PAUSE = Duration.ofSeconds(2);

    static final String NO_SUNPKCS11_MSG = "this JDK has no SunPKCS11 provider";
    static final String NOT_LOADED_MSG = "the token does not load from this library and slot (%s)";
    static final String LOGIN_REFUSED_MSG =
            "the token refused the login; not retried, as tokens lock after a few wrong PINs";
    static final String NOT_OPENED_MSG = "the token's key store does not open (%s)";
    static final String NO_KEY_MSG =
            "label '%s' names no private key with a certificate of the same id on the token (the"
                    + " JDK's provider lists a key only with its certificate)";
    static final String REBUILDING_MSG = "its PKCS#11 session is being rebuilt";
    static final String LOCKED_OUT_MSG =
            "its token refused the PIN when the session was rebuilt; not retried (restart once the"
                    + " PIN is fixed)";
    static final String DEVICE_FAILED_MSG =
            "the PKCS#11 device failed (%s); its session is rebuilt";

    private static final AtomicInteger PROVIDERS = new AtomicInteger();

    /** Between a name and the version part of a label: {@code name.VERSION}. */
    static final char VERSION_SEPARATOR = '.';

    /** A logged-in provider and the private keys it found, by kid (kept current by reloads). */
    record Session(AuthProvider provider, Map<String, PrivateKey> keys) {}

    private final Pkcs11Config config;
    private final SigningAlgorithm defaultAlgorithm;
    private final JwtSigner signer;
    private final List<HeldSigner> signers;

    /** The keys the last read found, by label, so a reload keeps an unchanged key's instance. */
    private final Map<String, Pkcs11Key> byLabel = new HashMap<>();

    private volatile Session session;
    private long lastRebuild;
    private boolean loginRefused;

    private Pkcs11Token(
            Pkcs11Config config,
            Session session,
            SigningAlgorithm defaultAlgorithm,
            JwtSigner signer) {
        this.config = config;
        this.session = session;
        this.defaultAlgorithm = defaultAlgorithm;
        this.signer = signer;
        this.signers = read(session);
        for (String name : config.labels()) {
            if (signers.stream().noneMatch(key -> key.name().equals(name))) {
                throw new Pkcs11Exception(Pkcs11Exception.Setting.KEYS, NO_KEY_MSG.formatted(name));
            }
        }
    }

    /**
     * Loads the token, logs in and finds every label's key.
     *
     * @param defaultAlgorithm what a key signs with when it fits
     * @throws Pkcs11Exception naming the setting at fault and the rule; never the PIN
     */
    public static Pkcs11Token open(
            Pkcs11Config config, SigningAlgorithm defaultAlgorithm, JwtSigner signer) {
        return new Pkcs11Token(config, login(config), defaultAlgorithm, signer);
    }

    /** The keys found at start: each name's, by name then label (the last of a name is newest). */
    public List<HeldSigner> signers() {
        return signers;
    }

    /**
     * Reads the token's keys again, in the session logged in already (rebuilt, as for signing, if
     * its device failed; never after a refused PIN).
     *
     * @return every key of a configured name, by name then label; a name may have none now
     * @throws HeldKeyUnavailableException when the session cannot be had now
     * @throws Pkcs11Exception when the token's keys cannot be read or a key cannot sign
     */
    public List<HeldSigner> reload() {
        return read(session(config.labels().get(0)));
    }

    /** The name a label belongs to: the label itself, or the longest name followed by a dot. */
    static String nameOf(String label, List<String> names) {
        String found = null;
        for (String name : names) {
            boolean matches =
                    label.equals(name)
                            || label.length() > name.length() + 1
                                    && label.startsWith(name)
                                    && label.charAt(name.length()) == VERSION_SEPARATOR;
            if (matches && (found == null || name.length() > found.length())) {
                found = name;
            }
        }
        return found;
    }

    private synchronized List<HeldSigner> read(Session current) {
        KeyStore store = keyStore(current.provider(), config);
        Map<String, Pkcs11Key> found = new java.util.TreeMap<>();
        List<String> labels;
        try {
            labels = java.util.Collections.list(store.aliases());
        } catch (GeneralSecurityException | ProviderException e) {
            throw new Pkcs11Exception(
                    Pkcs11Exception.Setting.SLOT,
                    NOT_OPENED_MSG.formatted(e.getClass().getSimpleName()));
        }
        for (String label : labels) {
            String name = nameOf(label, config.labels());
            if (name == null || !isKey(store, label)) {
                continue;
            }
            PublicKey publicKey = publicKey(store, label);
            Pkcs11Key known = byLabel.get(label);
            Pkcs11Key key =
                    known != null && known.publicKey().equals(publicKey)
                            ? known
                            : new Pkcs11Key(
                                    this,
                                    name,
                                    label,
                                    publicKey,
                                    created(store, label),
                                    defaultAlgorithm,
                                    signer);
            found.put(label, key);
            // By kid: a label that comes back on another key never finds the old handle.
            current.keys().computeIfAbsent(key.keyId(), kid -> privateKey(store, label));
        }
        current.keys().keySet().retainAll(found.values().stream().map(Pkcs11Key::keyId).toList());
        byLabel.clear();
        byLabel.putAll(found);
        return found.values().stream()
                .sorted(
                        java.util.Comparator.comparing(Pkcs11Key::name)
                                .thenComparing(Pkcs11Key::label))
                .<HeldSigner>map(key -> key)
                .toList();
    }

    private static boolean isKey(KeyStore store, String label) {
        try {
            return store.isKeyEntry(label) && store.getCertificate(label) != null;
        } catch (GeneralSecurityException | ProviderException e) {
            return false;
        }
    }

    /** When the key's certificate became valid: as close to its making as the token says. */
    private static java.time.Instant created(KeyStore store, String label) {
        try {
            return store.getCertificate(label) instanceof java.security.cert.X509Certificate x509
                    ? x509.getNotBefore().toInstant()
                    : null;
        } catch (GeneralSecurityException | ProviderException e) {
            return null;
        }
    }

    /** The logged-in session, rebuilt if it failed. */
    Session session(String keyName) {
        Session current = session;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (session != null) {
                return session;
            }
            if (loginRefused) {
                throw new HeldKeyUnavailableException(keyName, LOCKED_OUT_MSG);
            }
            long now = System.nanoTime();
            if (lastRebuild != 0 && now - lastRebuild < REBUILD_PAUSE.toNanos()) {
                throw new HeldKeyUnavailableException(keyName, REBUILDING_MSG);
            }
            lastRebuild = now;
            try {
                Session fresh = login(config);
                read(fresh);
                session = fresh;
                return fresh;
            } catch (Pkcs11Exception e) {
                if (e.setting() == Pkcs11Exception.Setting.PIN) {
                    loginRefused = true;
                    throw new HeldKeyUnavailableException(keyName, LOCKED_OUT_MSG);
                }
                throw new HeldKeyUnavailableException(keyName, REBUILDING_MSG);
            }
        }
    }

    /** Drops a session whose device failed; the next signing builds a new one. */
    synchronized void failed(Session failed) {
        if (session != failed) {
            return; // another thread saw it first
        }
        session = null;
        try {
            failed.provider().logout();
        } catch (LoginException | RuntimeException e) {
            // The device may be gone: nothing to log out of.
        }
    }

    private static Session login(Pkcs11Config config) {
        Provider sunPkcs11 = Security.getProvider("SunPKCS11");
        if (sunPkcs11 == null) {
            throw new Pkcs11Exception(Pkcs11Exception.Setting.LIBRARY, NO_SUNPKCS11_MSG);
        }
        AuthProvider provider;
        try {
            provider =
                    (AuthProvider)
                            sunPkcs11.configure(
                                    config.sunPkcs11(
                                            "conductor-jwt-" + PROVIDERS.incrementAndGet()));
        } catch (InvalidParameterException | ProviderException e) {
            throw new Pkcs11Exception(
                    Pkcs11Exception.Setting.LIBRARY,
                    NOT_LOADED_MSG.formatted(e.getClass().getSimpleName()));
        }
        KeyStore store;
        char[] pin = config.pin().get();
        try {
            store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, pin);
        } catch (IOException e) {
            if (isLoginRefusal(e)) {
                throw new Pkcs11Exception(Pkcs11Exception.Setting.PIN, LOGIN_REFUSED_MSG);
            }
            throw new Pkcs11Exception(
                    Pkcs11Exception.Setting.SLOT,
                    NOT_OPENED_MSG.formatted(e.getClass().getSimpleName()));
        } catch (GeneralSecurityException | ProviderException e) {
            throw new Pkcs11Exception(
                    Pkcs11Exception.Setting.SLOT,
                    NOT_OPENED_MSG.formatted(e.getClass().getSimpleName()));
        } finally {
            Arrays.fill(pin, '\0');
        }
        // Filled by read(): at start, after a rebuild, at each reload.
        return new Session(provider, new java.util.concurrent.ConcurrentHashMap<>());
    }

    /** SunPKCS11 reports a refused login as "load failed" caused by the login's failure. */
    private static boolean isLoginRefusal(IOException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof LoginException || cause instanceof UnrecoverableKeyException) {
                return true;
            }
        }
        return false;
    }

    private static KeyStore keyStore(Provider provider, Pkcs11Config config) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, null); // logged in already: the token remembers
            return store;
        } catch (IOException | GeneralSecurityException | ProviderException e) {
            throw new Pkcs11Exception(
                    Pkcs11Exception.Setting.SLOT,
                    NOT_OPENED_MSG.formatted(e.getClass().getSimpleName()));
        }
    }

    private static PrivateKey privateKey(KeyStore store, String label) {
        try {
            Key key = store.getKey(label, null);
            if (key instanceof PrivateKey privateKey && store.getCertificate(label) != null) {
                return privateKey;
            }
        } catch (GeneralSecurityException | ProviderException e) {
            // reported below
        }
        throw new Pkcs11Exception(Pkcs11Exception.Setting.KEYS, NO_KEY_MSG.formatted(label));
    }

    private static PublicKey publicKey(KeyStore store, String label) {
        try {
            Certificate certificate = store.getCertificate(label);
            if (certificate != null) {
                return certificate.getPublicKey();
            }
        } catch (GeneralSecurityException | ProviderException e) {
            // reported below
        }
        throw new Pkcs11Exception(Pkcs11Exception.Setting.KEYS, NO_KEY_MSG.formatted(label));
    }
}
