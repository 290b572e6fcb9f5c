package io.github.conductorjwt.e2e;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyFactorySpi;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;

/**
 * A JCA provider whose RSA {@code KeyFactory} throws {@link StackOverflowError} for private keys.
 * Put first by {@link #main}, it makes an Error deep inside reading a task's key in the real
 * worker: the worker jar, its own main, the conductor-oss client, a real server; nothing else
 * differs. (A signature engine would not do: JJWT wraps whatever signing throws in a {@code
 * SignatureException}.)
 */
public final class FailingKeyFactoryProvider extends Provider {

    /** In the Error's message: a message may quote anything, so none may reach a reason. */
    static final String MESSAGE = "injected-by-FailingKeyFactoryProvider";

    public FailingKeyFactoryProvider() {
        super("ConductorJwtFailingKeyFactory", "1", "an RSA KeyFactory that throws an Error");
        put("KeyFactory.RSA", Failing.class.getName());
    }

    /**
     * Installs the provider ahead of the JDK's, then runs the worker's own main (from the worker
     * jar on the child's class path; this module does not compile against it).
     */
    public static void main(String[] args) throws Exception {
        Security.insertProviderAt(new FailingKeyFactoryProvider(), 1);
        Class.forName("io.github.conductorjwt.worker.WorkerMain")
                .getMethod("main", String[].class)
                .invoke(null, (Object) args);
    }

    /** Fails on private keys only; public keys (the trust store's, say) go to the JDK's own. */
    public static final class Failing extends KeyFactorySpi {

        private static KeyFactory jdk() throws NoSuchAlgorithmException {
            try {
                return KeyFactory.getInstance("RSA", "SunRsaSign");
            } catch (NoSuchProviderException e) {
                throw new NoSuchAlgorithmException(e);
            }
        }

        @Override
        protected PrivateKey engineGeneratePrivate(KeySpec keySpec) {
            throw new StackOverflowError(MESSAGE);
        }

        @Override
        protected PublicKey engineGeneratePublic(KeySpec keySpec) throws InvalidKeySpecException {
            try {
                return jdk().generatePublic(keySpec);
            } catch (NoSuchAlgorithmException e) {
                throw new InvalidKeySpecException(e);
            }
        }

        @Override
        protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> keySpec)
                throws InvalidKeySpecException {
            try {
                return jdk().getKeySpec(key, keySpec);
            } catch (NoSuchAlgorithmException e) {
                throw new InvalidKeySpecException(e);
            }
        }

        @Override
        protected Key engineTranslateKey(Key key) throws InvalidKeyException {
            try {
                return jdk().translateKey(key);
            } catch (NoSuchAlgorithmException e) {
                throw new InvalidKeyException(e);
            }
        }
    }
}
