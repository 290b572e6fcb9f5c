package io.github.conductorjwt.core;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/**
 * Verifies tokens without JJWT: Nimbus JOSE+JWT for RSA, EC and HMAC; for EdDSA (which Nimbus
 * supports only through Tink, and not at all for Ed448) the JDK's own EdDSA signature.
 */
public final class IndependentVerifier {

    private IndependentVerifier() {}

    /** The parsed token, after its signature checked out; fails the test otherwise. */
    public static SignedJWT verify(String token, Object key) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            boolean valid;
            if (key instanceof byte[] secret) {
                valid = jwt.verify(new MACVerifier(secret));
            } else if (key instanceof RSAPublicKey rsa) {
                valid = jwt.verify(new RSASSAVerifier(rsa));
            } else if (key instanceof ECPublicKey ec) {
                JWSVerifier verifier = new ECDSAVerifier(ec);
                valid = jwt.verify(verifier);
            } else if (key instanceof PublicKey edDsa) {
                Signature signature = Signature.getInstance("EdDSA");
                signature.initVerify(edDsa);
                signature.update(jwt.getSigningInput());
                valid = signature.verify(jwt.getSignature().decode());
            } else {
                throw new IllegalArgumentException("no verifier for " + key);
            }
            if (!valid) {
                throw new AssertionError("signature does not verify");
            }
            return jwt;
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("cannot verify: " + e, e);
        }
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
