package io.github.conductorjwt.core;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;

/**
 * The one independent verifier of the tests (core's test-jar serves the other modules and the
 * demo). Verifies tokens without JJWT: Nimbus JOSE+JWT for RSA, EC and HMAC; for EdDSA (which
 * Nimbus supports only through Tink, and not at all for Ed448) the JDK's own EdDSA signature.
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

    /**
     * The parsed token, after its signature checked out against the key of its {@code kid} in a
     * published JWK Set, whose {@code alg} must be the token's; fails the test otherwise.
     */
    public static SignedJWT verifyWithJwks(String token, String jwkSetJson) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            com.nimbusds.jose.jwk.JWK jwk =
                    com.nimbusds.jose.jwk.JWKSet.parse(jwkSetJson)
                            .getKeyByKeyId(jwt.getHeader().getKeyID());
            if (jwk == null) {
                throw new AssertionError("the JWK Set has no key with the token's kid");
            }
            if (!jwt.getHeader().getAlgorithm().equals(jwk.getAlgorithm())) {
                throw new AssertionError(
                        "token alg "
                                + jwt.getHeader().getAlgorithm()
                                + ", JWK alg "
                                + jwk.getAlgorithm());
            }
            Object key =
                    jwk instanceof com.nimbusds.jose.jwk.RSAKey rsa
                            ? rsa.toRSAPublicKey()
                            : ((com.nimbusds.jose.jwk.ECKey) jwk).toECPublicKey();
            return verify(token, key);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("cannot verify against the JWK Set: " + e, e);
        }
    }

    /** The claims of a token whose signature checked out; fails the test otherwise. */
    public static JWTClaimsSet claims(String token, Object key) {
        return claimsOf(verify(token, key));
    }

    /** The claims of a verified token; fails the test when they are not a JSON object. */
    public static JWTClaimsSet claimsOf(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AssertionError("claims are not a JSON object: " + e, e);
        }
    }
}
