package io.github.conductorjwt.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.SigningKeys;
import io.github.conductorjwt.core.TestKeys;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JWKS document, read back with Nimbus: public halves only, each with kid, alg and use. */
class JwksEndpointTest {

    private static HeldKey held(String kid, KeyPair pair) {
        String pem = TestKeys.pkcs8Pem(pair);
        return new HeldKey("k", kid, SigningKeys.parse(pem), pem);
    }

    @Test
    void publishesThePublicHalfOfEveryKindOfKey() throws Exception {
        KeyPair rsa = TestKeys.RSA_2048;
        KeyPair p384 = TestKeys.ec("secp384r1");
        KeyPair ed = TestKeys.generate("Ed25519", 0, null);
        try (JwksEndpoint endpoint =
                new JwksEndpoint(
                        new InetSocketAddress("127.0.0.1", 0),
                        List.of(held("rsa-1", rsa), held("ec-1", p384), held("ed-1", ed)),
                        SigningAlgorithm.RS256)) {
            URI url =
                    URI.create(
                            "http://127.0.0.1:" + endpoint.address().getPort() + JwksEndpoint.PATH);

            JWKSet set = JWKSet.load(url.toURL());

            assertThat(set.getKeys())
                    .extracting(JWK::getKeyID)
                    .containsExactly("rsa-1", "ec-1", "ed-1");
            assertThat(set.getKeys())
                    .allSatisfy(
                            jwk -> {
                                assertThat(jwk.isPrivate()).isFalse();
                                assertThat(jwk.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
                            });
            assertThat(set.getKeys())
                    .extracting(jwk -> jwk.getAlgorithm().getName())
                    .containsExactly("RS256", "ES384", "EdDSA");
            assertThat(set.getKeyByKeyId("rsa-1").toRSAKey().toRSAPublicKey())
                    .isEqualTo(rsa.getPublic());
            assertThat(set.getKeyByKeyId("ec-1").toECKey().toECPublicKey().getW())
                    .isEqualTo(((java.security.interfaces.ECPublicKey) p384.getPublic()).getW());
            byte[] x509 = ed.getPublic().getEncoded(); // SPKI prefix, then the 32-byte point
            assertThat(set.getKeyByKeyId("ed-1").toOctetKeyPair().getDecodedX())
                    .isEqualTo(java.util.Arrays.copyOfRange(x509, x509.length - 32, x509.length));
        }
    }
}
