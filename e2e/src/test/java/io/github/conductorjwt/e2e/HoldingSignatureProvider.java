package io.github.conductorjwt.e2e;

import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.SignatureSpi;
import java.security.interfaces.RSAPrivateKey;
import java.util.concurrent.CountDownLatch;

/**
 * A JCA provider whose {@code SHA256withRSA} signer never returns: put first by {@link #main}, it
 * makes the real worker hold every RS256 task it takes until the process ends, the way a worker
 * stuck mid-task holds it when it is killed. Nothing else differs: the worker jar, its own main,
 * the conductor-oss client, a real server.
 */
public final class HoldingSignatureProvider extends Provider {

    public HoldingSignatureProvider() {
        super("ConductorJwtHoldingSignature", "1", "an RS256 signer that holds the task");
        put("Signature.SHA256withRSA", Holding.class.getName());
    }

    /** Installs the provider ahead of the JDK's, then runs the worker's own main. */
    public static void main(String[] args) throws Exception {
        Security.insertProviderAt(new HoldingSignatureProvider(), 1);
        Class.forName("io.github.conductorjwt.worker.WorkerMain")
                .getMethod("main", String[].class)
                .invoke(null, (Object) args);
    }

    /** Takes RSA private keys and never finishes signing; verification goes to the JDK's. */
    public static final class Holding extends SignatureSpi {

        @Override
        protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
            if (!(key instanceof RSAPrivateKey)) {
                throw new InvalidKeyException("RSA private keys only");
            }
        }

        @Override
        protected void engineInitVerify(PublicKey key) throws InvalidKeyException {
            throw new InvalidKeyException("signing only");
        }

        @Override
        protected void engineUpdate(byte b) {}

        @Override
        protected void engineUpdate(byte[] b, int off, int len) {}

        @Override
        protected byte[] engineSign() {
            CountDownLatch never = new CountDownLatch(1);
            while (true) { // until the process ends; an interrupt from the client's stop included
                try {
                    never.await();
                } catch (InterruptedException e) {
                    // keep holding
                }
            }
        }

        @Override
        protected boolean engineVerify(byte[] sigBytes) {
            throw new UnsupportedOperationException("signing only");
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {}

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            return null;
        }
    }
}
