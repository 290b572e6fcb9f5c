package io.github.conductorjwt.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeldKeysTest {

    private static final KeyPair OLD = TestKeys.rsa(2048);
    private static final KeyPair NEW = TestKeys.RSA_2048;

    @TempDir Path dir;

    private HeldKeys rotation() throws IOException {
        write("orders-api/2026-10-01.pem", TestKeys.pkcs8Pem(OLD));
        write("orders-api/2026-11-01.pem", TestKeys.pkcs1Pem(NEW));
        write("orders-api/README.txt", "not a key");
        write(
                "google/sa.json",
                TestKeys.serviceAccountJson(OLD, "sa-key-id", "svc@p.iam.gserviceaccount.com"));
        return HeldKeys.load(dir, SigningAlgorithm.RS256);
    }

    private Path write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    /** A private JWK that names its kid and, unless {@code null}, its alg. */
    static String jwk(KeyPair pair, String kid, String alg) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode node = (ObjectNode) json.readTree(TestKeys.privateJwk(pair, kid));
        if (alg != null) {
            node.put("alg", alg);
        }
        return json.writeValueAsString(node);
    }

    private static Map<String, Object> input(Object... pairs) {
        Map<String, Object> input = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            input.put((String) pairs[i], pairs[i + 1]);
        }
        return input;
    }

    @Test
    void theFileThatSortsLastSignsAndEveryKeyIsListed() throws IOException {
        HeldKeys keys = rotation();

        assertThat(keys.active("orders-api").keyId()).isEqualTo("2026-11-01");
        assertThat(keys.all())
                .extracting(HeldKey::keyId)
                .containsExactlyInAnyOrder("2026-10-01", "2026-11-01", "sa-key-id");
    }

    @Test
    void rotationFollowsTheFileNamesNotTheKidsInside() throws IOException {
        // The kids inside sort the other way round from the dated file names.
        write("orders-api/2026-10-01.json", jwk(OLD, "zz-first-key", null));
        write("orders-api/2026-11-01.json", jwk(NEW, "aa-second-key", null));

        HeldKeys keys = HeldKeys.load(dir, SigningAlgorithm.RS256);

        assertThat(keys.active("orders-api").keyId()).isEqualTo("aa-second-key");
        assertThat(keys.prepare(input("keyName", "orders-api")).get("privateKey"))
                .isEqualTo(jwk(NEW, "aa-second-key", null));
        assertThat(keys.all())
                .extracting(HeldKey::keyId)
                .containsExactly("zz-first-key", "aa-second-key");
    }

    @Test
    void swapsKeyNameForTheKeyAndDefaultsTheKidAndAlgorithm() throws IOException {
        Map<String, ?> prepared =
                rotation().prepare(input("keyName", "orders-api", "subject", "s"));

        assertThat(prepared).doesNotContainKey("keyName");
        assertThat(prepared.get("privateKey")).isEqualTo(TestKeys.pkcs1Pem(NEW));
        assertThat(prepared.get("privateKeyId")).isEqualTo("2026-11-01");
        assertThat(prepared.get("algorithm")).isEqualTo("RS256");
        assertThat(prepared.get("subject")).isEqualTo("s");
    }

    @Test
    void keepsAGivenKid() throws IOException {
        Map<String, Object> input = input("keyName", "orders-api", "privateKeyId", "mine");

        assertThat(rotation().prepare(input).get("privateKeyId")).isEqualTo("mine");
    }

    @Test
    void takesTheKidOfAServiceAccountFile() throws IOException {
        assertThat(rotation().active("google").keyId()).isEqualTo("sa-key-id");
    }

    @Test
    void leavesInputWithoutKeyNameAlone() throws IOException {
        Map<String, Object> input = Map.of("privateKey", "x");

        assertThat(rotation().prepare(input)).isSameAs(input);
    }

    @Test
    void refusesKeyNameWithPrivateKey() throws IOException {
        HeldKeys keys = rotation();

        assertThatThrownBy(() -> keys.prepare(Map.of("keyName", "orders-api", "privateKey", "x")))
                .isInstanceOf(InvalidJwtInputException.class)
                .hasMessage("keyName: give keyName or privateKey, not both");
    }

    @Test
    void refusesAnUnknownNameWithoutQuotingIt() throws IOException {
        HeldKeys keys = rotation();
        String pem = TestKeys.pkcs8Pem(OLD); // a key pasted into the wrong field

        assertThatThrownBy(() -> keys.prepare(Map.of("keyName", pem)))
                .isInstanceOf(InvalidJwtInputException.class)
                .hasMessage(
                        "keyName: this worker holds no key by that name (it holds: google,"
                                + " orders-api)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "rs256", " RS256 "})
    void acceptsTheAlgorithmTheKeyIsPublishedWith(String algorithm) throws IOException {
        Map<String, ?> prepared =
                rotation().prepare(input("keyName", "orders-api", "algorithm", algorithm));

        assertThat(prepared.get("algorithm")).isEqualTo("RS256");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PS256", "RS512", "ES256", "HS256", "none", "RS256\nINFO forged", ""})
    void refusesAnyOtherAlgorithmTerminallyWithoutQuotingIt(String algorithm) throws IOException {
        HeldKeys keys = rotation();

        assertThatThrownBy(
                        () -> keys.prepare(input("keyName", "orders-api", "algorithm", algorithm)))
                .isInstanceOf(InvalidJwtInputException.class)
                .hasMessage(
                        "algorithm: held key 'orders-api' signs with RS256 only, as the worker's"
                                + " JWKS publishes; leave algorithm out or give that");
    }

    @Test
    void refusesAnAlgorithmThatIsNoString() throws IOException {
        HeldKeys keys = rotation();

        assertThatThrownBy(() -> keys.prepare(input("keyName", "orders-api", "algorithm", 256)))
                .isInstanceOf(InvalidJwtInputException.class)
                .hasMessageStartingWith("algorithm: held key 'orders-api' signs with RS256 only");
    }

    @Test
    void eachKeySignsWithTheDefaultWhenItFitsElseItsUsualAlgorithm() throws IOException {
        write("rsa/rsa-1.pem", TestKeys.pkcs8Pem(NEW));
        write("p256/p256-1.pem", TestKeys.pkcs8Pem(TestKeys.ec("secp256r1")));
        write("p384/p384-1.pem", TestKeys.sec1Pem(TestKeys.ec("secp384r1")));
        write("p521/p521-1.pem", TestKeys.pkcs8Pem(TestKeys.ec("secp521r1")));
        write("ed/ed-1.pem", TestKeys.pkcs8Pem(TestKeys.generate("Ed25519", 0, null)));

        HeldKeys ps512 = HeldKeys.load(dir, SigningAlgorithm.PS512);
        HeldKeys es384 = HeldKeys.load(dir, SigningAlgorithm.ES384);

        assertThat(ps512.active("rsa").algorithm()).isEqualTo(SigningAlgorithm.PS512);
        assertThat(es384.active("rsa").algorithm()).isEqualTo(SigningAlgorithm.RS256);
        assertThat(ps512.active("p256").algorithm()).isEqualTo(SigningAlgorithm.ES256);
        assertThat(ps512.active("p384").algorithm()).isEqualTo(SigningAlgorithm.ES384);
        assertThat(ps512.active("p521").algorithm()).isEqualTo(SigningAlgorithm.ES512);
        assertThat(ps512.active("ed").algorithm()).isEqualTo(SigningAlgorithm.EdDSA);
    }

    @Test
    void aJwkFilesOwnAlgWins() throws IOException {
        write("orders-api/2026-11-01.json", jwk(NEW, "k1", "PS384"));

        HeldKeys keys = HeldKeys.load(dir, SigningAlgorithm.RS256);

        assertThat(keys.active("orders-api").algorithm()).isEqualTo(SigningAlgorithm.PS384);
        assertThat(keys.prepare(input("keyName", "orders-api")).get("algorithm"))
                .isEqualTo("PS384");
    }

    @Test
    void refusesToStartWithAJwkWhoseAlgDoesNotFitItsKey() throws IOException {
        write("orders-api/k.json", jwk(NEW, "k1", "ES256"));

        assertThatThrownBy(() -> HeldKeys.load(dir, SigningAlgorithm.RS256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(
                        "k.json: its \"alg\" must be one of RS256, RS384, RS512, PS256, PS384,"
                                + " PS512 for this key");
    }

    @Test
    void refusesToStartWithAKeyThatCouldNeverSign() throws IOException {
        write("legacy/k.pem", TestKeys.pkcs8Pem(TestKeys.rsa(1024)));

        assertThatThrownBy(() -> HeldKeys.load(dir, SigningAlgorithm.RS256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("k.pem: RSA key is 1024 bits; RS256 needs at least 2048");
    }

    @Test
    void refusesToStartWithAFileThatIsNoKeyWithoutQuotingIt() throws IOException {
        write("bad/k.pem", TestKeys.pem("PUBLIC KEY", NEW.getPublic().getEncoded()));

        assertThatThrownBy(() -> HeldKeys.load(dir, SigningAlgorithm.RS256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("k.pem: is a PUBLIC KEY, not a private key");
    }

    /** One failed start names every bad file, in the order read, so all are fixed at once. */
    @Test
    void refusesToStartNamingEveryBadFileAtOnce() throws IOException {
        write("a-legacy/k.pem", TestKeys.pkcs8Pem(TestKeys.rsa(1024)));
        write("b-public/k.pem", TestKeys.pem("PUBLIC KEY", NEW.getPublic().getEncoded()));
        write("c-good/k.pem", TestKeys.pkcs8Pem(NEW));

        assertThatThrownBy(() -> HeldKeys.load(dir, SigningAlgorithm.RS256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "a-legacy/k.pem: RSA key is 1024 bits; RS256 needs at least 2048; ")
                .hasMessageEndingWith("b-public/k.pem: is a PUBLIC KEY, not a private key");
    }

    @Test
    void refusesToStartWithTwoFilesGivingTheSameKid() throws IOException {
        write("a/2026-10-01.json", jwk(OLD, "same", null));
        write("b/2026-11-01.json", jwk(NEW, "same", null));

        assertThatThrownBy(() -> HeldKeys.load(dir, SigningAlgorithm.RS256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2026-11-01.json: has the same kid as ")
                .hasMessageEndingWith("2026-10-01.json");
    }

    @Test
    void refusesToReadAFileFarLargerThanAKey() throws IOException {
        write("big/k.pem", "A".repeat((int) HeldKeys.MAX_FILE_BYTES + 1));

        assertThatThrownBy(() -> HeldKeys.load(dir, SigningAlgorithm.RS256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("k.pem: is larger than 65536 bytes; a key file is a few KB");
    }

    @Test
    void refusesABinaryFileNamingIt() throws IOException {
        Path file = dir.resolve("der/k.key");
        Files.createDirectories(file.getParent());
        Files.write(file, NEW.getPrivate().getEncoded());

        assertThatThrownBy(() -> HeldKeys.load(dir, SigningAlgorithm.RS256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(
                        "k.key: is not UTF-8 text (PEM, JWK or service-account JSON)");
    }

    @Test
    void aLineBreakInAFileNameCannotForgeALogLine() throws IOException {
        write("bad/k\nINFO forged.pem", TestKeys.pem("PUBLIC KEY", NEW.getPublic().getEncoded()));
        write("orders\nINFO forged/k.pem", TestKeys.pkcs8Pem(NEW));

        assertThatThrownBy(() -> HeldKeys.load(dir, SigningAlgorithm.RS256))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain("\n")
                .contains("\\u000AINFO forged");
    }

    @Test
    void aHeldKeyPrintsNoControlCharacters() throws IOException {
        write("orders-api/k.json", jwk(NEW, "kid\u2028forged", null));

        assertThatThrownBy(() -> HeldKeys.load(dir, SigningAlgorithm.RS256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("k.json: its kid must not contain control characters");
    }
}
