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
 * (by label) are offered as {@link HeldSigner}s. The provider is ours alone, never installed in the
 * JVM's list. A login the token refuses stops the start and is never tried again: tokens lock after
 * a few wrong PINs. A device that fails mid-run has its provider and session rebuilt, at most once
 * per {@link #REBUILD_PAUSE}; tasks meanwhile fail retryably. (The core logs nothing: the adapters
 * log the signers at start, and each failure ends a task with its reason.)
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

    /** A logged-in provider and the keys it found. */
    record Session(AuthProvider provider, Map<String, PrivateKey> keys) {}

    private final Pkcs11Config config;
    private final List<HeldSigner> signers;
    private volatile Session session;
    private long lastRebuild;
    private boolean loginRefused;

    private Pkcs11Token(
            Pkcs11Config config,
            Session session,
            SigningAlgorithm defaultAlgorithm,
            JwtSigner signer,
            Map<String, PublicKey> publicKeys) {
        this.config = config;
        this.session = session;
        this.signers =
                config.labels().stream()
                        .<HeldSigner>map(
                                label ->
                                        new Pkcs11Key(
                                                this,
                                                label,
                                                publicKeys.get(label),
                                                defaultAlgorithm,
                                                signer))
                        .toList();
    }

    /**
     * Loads the token, logs in and finds every label's key.
     *
     * @param defaultAlgorithm what a key signs with when it fits
     * @throws Pkcs11Exception naming the setting at fault and the rule; never the PIN
     */
    public static Pkcs11Token open(
            Pkcs11Config config, SigningAlgorithm defaultAlgorithm, JwtSigner signer) {
        Session session = login(config);
        Map<String, PublicKey> publicKeys = new HashMap<>();
        KeyStore store = keyStore(session.provider(), config);
        for (String label : config.labels()) {
            publicKeys.put(label, publicKey(store, label));
        }
        Pkcs11Token token = new Pkcs11Token(config, session, defaultAlgorithm, signer, publicKeys);
        return token;
    }

    /** One signer per configured label, in the configured order. */
    public List<HeldSigner> signers() {
        return signers;
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
                session = login(config);
                return session;
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
        Map<String, PrivateKey> keys = new HashMap<>();
        for (String label : config.labels()) {
            keys.put(label, privateKey(store, label));
        }
        return new Session(provider, Map.copyOf(keys));
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
