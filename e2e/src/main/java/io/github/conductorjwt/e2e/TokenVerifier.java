package io.github.conductorjwt.e2e;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;

/**
 * Checks tokens with Nimbus JOSE+JWT, a JOSE library independent of the JJWT that signs them, so a
 * bug shared by signer and checker cannot hide.
 */
public final class TokenVerifier {

    private TokenVerifier() {}

    /** A token whose signature checked out against the public key. */
    public record VerifiedToken(SignedJWT jwt, JWTClaimsSet claims) {}

    /**
     * @throws IllegalArgumentException when the token is malformed or its signature does not verify
     */
    public static VerifiedToken verify(String token, RSAPublicKey publicKey) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!jwt.verify(new RSASSAVerifier(publicKey))) {
                throw new IllegalArgumentException("signature does not verify");
            }
            return new VerifiedToken(jwt, jwt.getJWTClaimsSet());
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException("not a verifiable JWS: " + e.getMessage(), e);
        }
    }
}
