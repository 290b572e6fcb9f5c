package io.github.conductorjwt.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.conductorjwt.core.InvalidJwtInputException;
import io.github.conductorjwt.core.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeldKeysTest {

    private static final KeyPair OLD = TestKeys.rsa(2048);
    private static final KeyPair NEW = TestKeys.RSA_2048;

    @TempDir Path dir;

    private HeldKeys rotation() throws IOException {
        Path orders = Files.createDirectories(dir.resolve("orders-api"));
        Files.writeString(orders.resolve("2026-10-01.pem"), TestKeys.pkcs8Pem(OLD));
        Files.writeString(orders.resolve("2026-11-01.pem"), TestKeys.pkcs1Pem(NEW));
        Files.writeString(orders.resolve("README.txt"), "not a key");
        Path google = Files.createDirectories(dir.resolve("google"));
        Files.writeString(
                google.resolve("sa.json"),
                TestKeys.serviceAccountJson(OLD, "sa-key-id", "svc@p.iam.gserviceaccount.com"));
        return HeldKeys.load(dir);
    }

    @Test
    void theLaterKidSignsAndEveryKeyIsListed() throws IOException {
        HeldKeys keys = rotation();

        assertThat(keys.active("orders-api").keyId()).isEqualTo("2026-11-01");
        assertThat(keys.all())
                .extracting(HeldKey::keyId)
                .containsExactlyInAnyOrder("2026-10-01", "2026-11-01", "sa-key-id");
    }

    @Test
    void swapsKeyNameForTheKeyAndDefaultsTheKid() throws IOException {
        Map<String, Object> input = new HashMap<>();
        input.put("keyName", "orders-api");
        input.put("subject", "s");

        Map<String, ?> prepared = rotation().prepare(input);

        assertThat(prepared).doesNotContainKey("keyName");
        assertThat(prepared.get("privateKey")).isEqualTo(TestKeys.pkcs1Pem(NEW));
        assertThat(prepared.get("privateKeyId")).isEqualTo("2026-11-01");
        assertThat(prepared.get("subject")).isEqualTo("s");
    }

    @Test
    void keepsAGivenKid() throws IOException {
        Map<String, Object> input =
                new HashMap<>(Map.of("keyName", "orders-api", "privateKeyId", "mine"));

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
    void refusesAnUnknownName() throws IOException {
        HeldKeys keys = rotation();

        assertThatThrownBy(() -> keys.prepare(Map.of("keyName", "payments")))
                .hasMessage(
                        "keyName: this worker holds no key named 'payments' (it holds: google, orders-api)");
    }

    @Test
    void refusesToStartWithAFileThatIsNoKeyWithoutQuotingIt() throws IOException {
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(
                bad.resolve("k.pem"), TestKeys.pem("PUBLIC KEY", NEW.getPublic().getEncoded()));

        assertThatThrownBy(() -> HeldKeys.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("k.pem: is a PUBLIC KEY, not a private key");
    }
}
