package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.interfaces.EdECKey;
import org.junit.jupiter.api.Test;

/**
 * ACCP signs with keys imported into its own native form once, Ed25519 included: a key of the JDK's
 * it would convert at every signature.
 */
class SigningProviderAdoptTest {

    private static final SigningProvider ACCP = SigningProvider.choose(SigningProvider.Choice.ACCP);

    @Test
    void importsAnEd25519KeyIntoAccpAndItsTokensVerify() {
        KeyPair pair = TestKeys.generate("Ed25519", 0, null);
        JwtRequest request = readWithAccp(pair);

        assertThat(request.key().key()).isNotInstanceOf(EdECKey.class);
        assertThat(request.key().key().getClass().getName())
                .startsWith("com.amazon.corretto.crypto.provider.");
        assertThat(request.key().provider().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
        IndependentVerifier.verify(new JwtSigner().sign(request).token(), pair.getPublic());
    }

    @Test
    void leavesAnEd448KeyWithTheJdk() {
        KeyPair pair = TestKeys.generate("Ed448", 0, null);
        JwtRequest request = readWithAccp(pair);

        assertThat(request.key().key()).isInstanceOf(EdECKey.class);
        assertThat(request.key().provider()).isNull();
        IndependentVerifier.verify(new JwtSigner().sign(request).token(), pair.getPublic());
    }

    private static JwtRequest readWithAccp(KeyPair pair) {
        return new JwtRequestReader(SigningPolicy.defaults(), ACCP)
                .read(ExampleInputs.aroundKey("EdDSA", TestKeys.pkcs8Pem(pair), null));
    }
}
