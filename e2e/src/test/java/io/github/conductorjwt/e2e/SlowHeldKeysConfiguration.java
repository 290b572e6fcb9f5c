package io.github.conductorjwt.e2e;

import io.github.conductorjwt.core.HeldSigner;
import io.github.conductorjwt.core.JwtRequest;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.Pkcs11Config;
import io.github.conductorjwt.core.Pkcs11Token;
import io.github.conductorjwt.core.SignedJwt;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.task.HeldSigners;
import io.jsonwebtoken.security.PublicJwk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * For {@link KeylessEndToEndTest} only, loaded into the stock server beside the plugin from a jar
 * the test builds: the plugin's PKCS#11 keys, each taking {@code
 * conductorjwt.test.slow-signer-seconds} longer to sign, as a network HSM under load would. Ahead
 * of the plugin's own held keys, which then back off; everything else is the plugin's.
 */
@AutoConfiguration(beforeName = "io.github.conductorjwt.plugin.ConductorJwtAutoConfiguration")
@ConditionalOnProperty(name = SlowHeldKeysConfiguration.SECONDS)
public class SlowHeldKeysConfiguration {

    static final String SECONDS = "conductorjwt.test.slow-signer-seconds";

    @Bean
    public HeldSigners conductorJwtHeldSigners(Environment environment) {
        Pkcs11Config config =
                new Pkcs11Config(
                        Path.of(environment.getRequiredProperty("conductor.jwt.pkcs11.library")),
                        Long.valueOf(environment.getRequiredProperty("conductor.jwt.pkcs11.slot")),
                        null,
                        () -> System.getenv("CONDUCTOR_JWT_PKCS11_PIN").toCharArray(),
                        List.of(
                                environment
                                        .getRequiredProperty("conductor.jwt.pkcs11.keys")
                                        .split(",")));
        Duration delay =
                Duration.ofSeconds(Long.parseLong(environment.getRequiredProperty(SECONDS)));
        return HeldSigners.of(
                Pkcs11Token.open(config, SigningAlgorithm.RS256, new JwtSigner()).signers().stream()
                        .<HeldSigner>map(signer -> new Slow(signer, delay))
                        .toList());
    }

    /** A held key that takes {@code delay} before it signs. */
    record Slow(HeldSigner signer, Duration delay) implements HeldSigner {

        @Override
        public String name() {
            return signer.name();
        }

        @Override
        public String keyId() {
            return signer.keyId();
        }

        @Override
        public List<SigningAlgorithm> algorithms() {
            return signer.algorithms();
        }

        @Override
        public boolean remote() {
            return true;
        }

        @Override
        public SignedJwt sign(JwtRequest request) {
            try {
                Thread.sleep(delay); // the device's latency, not a wait on another thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return signer.sign(request);
        }

        @Override
        public List<PublicJwk<?>> publicJwks() {
            return signer.publicJwks();
        }
    }
}
