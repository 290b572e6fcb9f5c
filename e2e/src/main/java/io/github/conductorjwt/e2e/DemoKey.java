package io.github.conductorjwt.e2e;

import io.github.conductorjwt.core.TestKeys;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;

/** A fresh RSA key pair per run, its private half as the PKCS#8 PEM a user would paste. */
public record DemoKey(KeyPair pair) {

    public static DemoKey rsa(int bits) {
        return new DemoKey(TestKeys.rsa(bits));
    }

    public RSAPublicKey publicKey() {
        return (RSAPublicKey) pair.getPublic();
    }

    /** PKCS#8 PEM with 64-character lines, as openssl writes it. */
    public String privateKeyPem() {
        return TestKeys.pkcs8Pem(pair);
    }

    /** Never the key: what a log line or a failed assertion may show. */
    @Override
    public String toString() {
        return publicKey().getModulus().bitLength() + "-bit RSA key pair";
    }
}
