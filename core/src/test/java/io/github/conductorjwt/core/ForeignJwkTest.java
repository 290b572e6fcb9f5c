package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Private JWKs written by another producer than JJWT: Nimbus JOSE+JWT generates each at test time
 * (no key is committed), the task reads and signs with it, and the token verifies independently
 * against the public key Nimbus derives from the same JWK. Every key type the task reads as a JWK:
 * RSA, EC P-256/P-384/P-521, OKP Ed25519 and Ed448, oct. RSASSA-PSS has no JWK key type (RFC 7518
 * defines PS* over {@code kty: RSA}), so an RSA JWK signs PS256 too.
 */
class ForeignJwkTest {

    private final JwtRequestReader reader = new JwtRequestReader(SigningPolicy.defaults());

    static Stream<Arguments> nimbusJwks() throws Exception {
        RSAKey rsa =
                new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID("nimbus-rsa").generate();
        return Stream.of(
                jwk("RS256", rsa),
                jwk("PS256", rsa),
                jwk("ES256", ec(Curve.P_256, JWSAlgorithm.ES256)),
                jwk("ES384", ec(Curve.P_384, JWSAlgorithm.ES384)),
                jwk("ES512", ec(Curve.P_521, JWSAlgorithm.ES512)),
                jwk("EdDSA", okp(Curve.Ed25519, "Ed25519")),
                jwk("EdDSA", okp(Curve.Ed448, "Ed448")),
                jwk("HS256", new OctetSequenceKeyGenerator(256).keyID("nimbus-oct-256").generate()),
                jwk(
                        "HS512",
                        new OctetSequenceKeyGenerator(512).keyID("nimbus-oct-512").generate()));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("nimbusJwks")
    void signsWithAJwkNimbusWroteAndTheTokenVerifiesAgainstItsPublicKey(String algorithm, JWK jwk)
            throws Exception {
        String token =
                new JwtSigner()
                        .sign(
                                reader.read(
                                        ExampleInputs.aroundKey(
                                                algorithm, jwk.toJSONString(), null)))
                        .token();

        SignedJWT jwt = IndependentVerifier.verify(token, verificationKey(jwk));
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo(algorithm);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(jwk.getKeyID());
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("i");
    }

    private static Arguments jwk(String algorithm, JWK jwk) {
        String name =
                jwk.getKeyType()
                        + (jwk instanceof ECKey ec ? " " + ec.getCurve() : "")
                        + (jwk instanceof OctetKeyPair okp ? " " + okp.getCurve() : "")
                        + (jwk instanceof OctetSequenceKey oct ? " " + oct.size() + " bits" : "");
        return Arguments.of(algorithm, Named.of(name, jwk));
    }

    private static ECKey ec(Curve curve, JWSAlgorithm algorithm) throws Exception {
        return new ECKeyGenerator(curve)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(algorithm)
                .keyID("nimbus-" + curve)
                .generate();
    }

    /**
     * Nimbus generates Ed25519 keys only through Tink and no Ed448 key; it writes both from their
     * raw bytes, here the JDK's.
     */
    private static OctetKeyPair okp(Curve curve, String jdkName) {
        KeyPair pair = TestKeys.generate(jdkName, 0, null);
        int length = curve == Curve.Ed25519 ? 32 : 57;
        byte[] spki = pair.getPublic().getEncoded();
        byte[] x = Arrays.copyOfRange(spki, spki.length - length, spki.length);
        byte[] d = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
        return new OctetKeyPair.Builder(curve, Base64URL.encode(x))
                .d(Base64URL.encode(d))
                .keyUse(KeyUse.SIGNATURE)
                .keyID("nimbus-" + curve)
                .build();
    }

    /** The public key Nimbus derives from the JWK, or the shared secret. */
    private static Object verificationKey(JWK jwk) throws Exception {
        if (jwk instanceof RSAKey rsa) {
            return rsa.toRSAPublicKey();
        } else if (jwk instanceof ECKey ec) {
            return ec.toECPublicKey();
        } else if (jwk instanceof OctetSequenceKey oct) {
            return oct.toByteArray();
        }
        OctetKeyPair okp = (OctetKeyPair) jwk;
        return edDsaPublicKey(okp.getCurve(), okp.getDecodedX());
    }

    private static java.security.PublicKey edDsaPublicKey(Curve curve, byte[] x) throws Exception {
        byte[] prefix =
                curve == Curve.Ed25519
                        ? new byte[] {
                            0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
                        }
                        : new byte[] {
                            0x30, 0x43, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x71, 0x03, 0x3a, 0x00
                        };
        byte[] spki = Arrays.copyOf(prefix, prefix.length + x.length);
        System.arraycopy(x, 0, spki, prefix.length, x.length);
        return java.security.KeyFactory.getInstance(curve.getName())
                .generatePublic(new java.security.spec.X509EncodedKeySpec(spki));
    }
}
