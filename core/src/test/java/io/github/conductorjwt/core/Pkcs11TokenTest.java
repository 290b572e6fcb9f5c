package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.Keys;
import java.security.AuthProvider;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Signing with keys on a real SoftHSM2 token made by the test ({@link SoftHsmToken}), through the
 * JDK's SunPKCS11 provider; tokens checked by Nimbus against the key's published JWK. The device
 * failure runs last: its logout ends the token's login for the whole process (PKCS#11 logins are
 * per application), which the other tests' shared token would only see as a failure of its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Pkcs11TokenTest {

    private static final JwtRequestReader READER =
            new JwtRequestReader(new SigningPolicy(Duration.ofDays(1), SigningAlgorithm.RS256, 10));

    private static SoftHsmToken hsm;
    private static Pkcs11Token token;

    @BeforeAll
    static void token() {
        hsm = SoftHsmToken.forThisJvm();
        token =
                Pkcs11Token.open(
                        hsm.config(SoftHsmToken.RSA, SoftHsmToken.EC_P256, SoftHsmToken.EC_P384),
                        SigningAlgorithm.RS256,
                        new JwtSigner());
    }

    private static HeldSigner signer(String label) {
        return token.signers().stream()
                .filter(s -> s.name().equals(label))
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, Object> orkesExampleWithoutKey() {
        Map<String, Object> input = new HashMap<>(ExampleInputs.orkesExample(null));
        input.remove("privateKey");
        input.remove("privateKeyId");
        input.remove("algorithm");
        return input;
    }

    private static String jwks(HeldSigner signer) {
        return "{\"keys\":[" + Jwks.json(signer.publicJwks().get(0)) + "]}";
    }

    private static SignedJwt sign(HeldSigner signer, Map<String, Object> input) {
        return signer.sign(READER.read(input, signer));
    }

    @Test
    void rsaAndEcKeysSignTokensThatVerifyAgainstTheirPublishedJwk() {
        for (String label : List.of(SoftHsmToken.RSA, SoftHsmToken.EC_P256, SoftHsmToken.EC_P384)) {
            HeldSigner signer = signer(label);
            SignedJwt jwt = sign(signer, orkesExampleWithoutKey());

            SignedJWT verified = IndependentVerifier.verifyWithJwks(jwt.token(), jwks(signer));
            assertThat(verified.getHeader().getKeyID()).isEqualTo(signer.keyId());
            assertThat(jwt.algorithm())
                    .isEqualTo(
                            switch (label) {
                                case SoftHsmToken.RSA -> "RS256";
                                case SoftHsmToken.EC_P256 -> "ES256";
                                default -> "ES384";
                            });
        }
    }

    @Test
    void theKeysNeverLeaveTheToken() {
        Pkcs11Token.Session session = token.session(SoftHsmToken.RSA);
        for (PrivateKey key : session.keys().values()) {
            assertThat(key.getEncoded()).as("encoded form of a token key").isNull();
        }
        String objects = hsm.pkcs11Tool("--list-objects", "--type", "privkey");
        assertThat(objects.split("Private Key Object", -1)).hasSize(hsm.labels().size() + 1);
        for (String object : objects.split("Private Key Object")) {
            if (!object.isBlank()) {
                assertThat(object).contains("sensitive", "never extractable");
            }
        }
    }

    @Test
    void pssSignsWhenItIsTheDefault() {
        Pkcs11Token pss =
                Pkcs11Token.open(
                        hsm.config(SoftHsmToken.RSA), SigningAlgorithm.PS256, new JwtSigner());
        HeldSigner signer = pss.signers().get(0);
        SignedJwt jwt = sign(signer, orkesExampleWithoutKey());

        assertThat(jwt.algorithm()).isEqualTo("PS256");
        IndependentVerifier.verifyWithJwks(jwt.token(), jwks(signer));
    }

    @Test
    void aP256KeyAskedForEs384IsRefusedNamingTheAlgorithm() {
        Map<String, Object> input = orkesExampleWithoutKey();
        input.put("algorithm", "ES384");

        assertThatThrownBy(() -> READER.read(input, signer(SoftHsmToken.EC_P256)))
                .isInstanceOfSatisfying(
                        InvalidJwtInputException.class,
                        e ->
                                assertThat(e.getMessage())
                                        .isEqualTo(
                                                "algorithm: held key 'hsm-es' signs with ES256"
                                                        + " only; leave algorithm out or give"
                                                        + " that"));
    }

    /**
     * The pitfall itself, below the task's rules: handed to JJWT bare, a P-256 token key signs
     * ES384 (JJWT cannot see its curve); wrapped with its public key, JJWT refuses, and our signer
     * refuses before JJWT with the rule.
     */
    @Test
    void aP256TokenKeyNeverSignsEs384() {
        Pkcs11Token.Session session = token.session(SoftHsmToken.EC_P256);
        HeldSigner p256 = signer(SoftHsmToken.EC_P256);
        PrivateKey bare = session.keys().get(p256.keyId());
        PublicKey publicKey = (PublicKey) p256.publicJwks().get(0).toKey();

        String padded =
                Jwts.builder()
                        .provider(session.provider())
                        .subject("s")
                        .signWith(bare, Jwts.SIG.ES384)
                        .compact();
        assertThat(padded)
                .as("the pitfall: JJWT signs ES384 with a bare P-256 token key")
                .isNotBlank();
        PrivateKey wrapped =
                Keys.builder(bare).publicKey(publicKey).provider(session.provider()).build();
        assertThatThrownBy(
                        () ->
                                Jwts.builder()
                                        .provider(session.provider())
                                        .subject("s")
                                        .signWith(wrapped, Jwts.SIG.ES384)
                                        .compact())
                .as("JJWT, wrapped")
                .isInstanceOf(io.jsonwebtoken.security.SecurityException.class);

        JwtRequest asked =
                READER.read(orkesExampleWithoutKey(), p256)
                        .withAlgorithm(SigningAlgorithm.ES384)
                        .withKey(SigningKey.held(bare, publicKey, session.provider()));
        assertThatThrownBy(() -> new JwtSigner().sign(asked))
                .isInstanceOf(KeyException.class)
                .hasMessage("EC key is on P-256; ES384 needs P-384");
    }

    @Test
    void aWrongPinStopsTheOpeningAndNamesThePinSetting() {
        String wrongPin = "wrong-" + hsm.pin();
        Pkcs11Config config =
                new Pkcs11Config(
                        SoftHsmToken.LIBRARY,
                        hsm.spareSlot(),
                        null,
                        wrongPin::toCharArray,
                        List.of(SoftHsmToken.RSA));

        assertThatThrownBy(() -> Pkcs11Token.open(config, SigningAlgorithm.RS256, new JwtSigner()))
                .isInstanceOfSatisfying(
                        Pkcs11Exception.class,
                        e -> {
                            assertThat(e.setting()).isEqualTo(Pkcs11Exception.Setting.PIN);
                            assertThat(e.rule()).isEqualTo(Pkcs11Token.LOGIN_REFUSED_MSG);
                            assertThat(e.getMessage()).doesNotContain(wrongPin, hsm.pin());
                        });
    }

    @Test
    void anUnknownLabelStopsTheOpeningNamingIt() {
        assertThatThrownBy(
                        () ->
                                Pkcs11Token.open(
                                        hsm.config(SoftHsmToken.RSA, "no-such-key"),
                                        SigningAlgorithm.RS256,
                                        new JwtSigner()))
                .isInstanceOfSatisfying(
                        Pkcs11Exception.class,
                        e -> {
                            assertThat(e.setting()).isEqualTo(Pkcs11Exception.Setting.KEYS);
                            assertThat(e.rule())
                                    .startsWith("label 'no-such-key' names no private key");
                        });
    }

    @Test
    void anEdDsaKeyIsRefusedSayingTheJdkCannotSignIt() throws Exception {
        PublicKey ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();

        assertThatThrownBy(() -> Pkcs11Key.algorithmFor("ed", ed25519, SigningAlgorithm.EdDSA))
                .isInstanceOfSatisfying(
                        Pkcs11Exception.class,
                        e -> assertThat(e.rule()).isEqualTo(Pkcs11Key.EDDSA_MSG.formatted("ed")));
    }

    /**
     * A session lost mid-run (its handles invalid after a logout, as after a device reset): the
     * task fails retryably without PIN or key, the session is rebuilt, and signing resumes.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void aDeviceFailureFailsRetryablyAndTheSessionIsRebuilt() throws Exception {
        Pkcs11Token own =
                Pkcs11Token.open(
                        hsm.config(SoftHsmToken.RSA), SigningAlgorithm.RS256, new JwtSigner());
        HeldSigner signer = own.signers().get(0);
        sign(signer, orkesExampleWithoutKey());
        Pkcs11Token.Session before = own.session(SoftHsmToken.RSA);
        ((AuthProvider) before.provider()).logout();

        assertThatThrownBy(() -> sign(signer, orkesExampleWithoutKey()))
                .isInstanceOf(HeldKeyUnavailableException.class)
                .hasMessageStartingWith(
                        "held key 'hsm-rs' cannot sign now: the PKCS#11 device failed (")
                .hasMessageNotContaining(hsm.pin());

        SignedJwt again = sign(signer, orkesExampleWithoutKey());
        IndependentVerifier.verifyWithJwks(again.token(), jwks(signer));
        assertThat(own.session(SoftHsmToken.RSA)).isNotSameAs(before);
    }

    @Test
    void aLabelBelongsToItsNameOrTheLongestNameItExtendsWithADot() {
        List<String> names = List.of("orders", "orders.eu");

        assertThat(Pkcs11Token.nameOf("orders", names)).isEqualTo("orders");
        assertThat(Pkcs11Token.nameOf("orders.2027-01", names)).isEqualTo("orders");
        assertThat(Pkcs11Token.nameOf("orders.eu", names)).isEqualTo("orders.eu");
        assertThat(Pkcs11Token.nameOf("orders.eu.2027-01", names)).isEqualTo("orders.eu");
        assertThat(Pkcs11Token.nameOf("orders-2027", names)).isNull();
        assertThat(Pkcs11Token.nameOf("orders.", names)).isNull();
        assertThat(Pkcs11Token.nameOf("order", names)).isNull();
    }
}
