package io.github.conductorjwt.plugin;

import io.github.conductorjwt.core.HeldSigner;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.Pkcs11Config;
import io.github.conductorjwt.core.Pkcs11Exception;
import io.github.conductorjwt.core.Pkcs11Token;
import io.github.conductorjwt.google.GoogleAccounts;
import io.github.conductorjwt.task.SignerSchedule;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys the server holds ({@code conductor.jwt.pkcs11}, {@code conductor.jwt.google}), opened at
 * start: a login the token refuses stops the server naming the property, and is never retried. The
 * token's labels are then listed again on {@code conductor.jwt.pkcs11.reload-seconds} and rotate as
 * the worker's do (see {@link ServerHeldKeys}). Their public keys go to {@code
 * conductor.jwt.jwks-file} as a JWK Set, for the operator to publish to verifiers; the same keys
 * verify VERIFY_JWT's {@code keyName} in the server.
 */
final class HeldKeysConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(HeldKeysConfiguration.class);

    private HeldKeysConfiguration() {}

    static ServerHeldKeys open(ConductorJwtProperties properties, JwtSigner signer) {
        Pkcs11Properties pkcs11 = properties.pkcs11();
        Pkcs11Token token = null;
        Duration publishDelay = Duration.ZERO;
        Duration retireAfter = Duration.ZERO;
        Duration interval = null;
        if (pkcs11 != null && pkcs11.library() != null) {
            // The rotation settings first: a bad one stops the start before any login.
            interval = pkcs11.reloadInterval();
            publishDelay = pkcs11.publishDelay();
            retireAfter = pkcs11.retireAfter(properties.maxTtl());
            try {
                Pkcs11Config config = pkcs11.config();
                token = Pkcs11Token.open(config, properties.defaultAlgorithm(), signer);
            } catch (Pkcs11Exception e) {
                throw new IllegalStateException(pkcs11.propertyOf(e.setting()) + " " + e.rule());
            }
        }
        List<HeldSigner> accounts = List.of();
        GoogleProperties google = properties.google();
        if (google != null && google.accounts() != null && !google.accounts().isEmpty()) {
            try {
                accounts =
                        GoogleAccounts.open(
                                google.accounts(),
                                google.credentialsFile(),
                                google.endpoint(),
                                google.delegates() == null ? List.of() : google.delegates());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(GoogleProperties.PREFIX + ": " + e.getMessage());
            }
        }
        // Of a name's labels (name, name.VERSION) the last signs, once its delay has passed.
        SignerSchedule schedule =
                new SignerSchedule(
                        Clock.systemUTC(),
                        publishDelay,
                        retireAfter,
                        token == null ? List.of() : token.signers(),
                        accounts);
        ServerHeldKeys held = new ServerHeldKeys(schedule, properties.jwksFile());
        held.atStart().all().forEach(key -> LOG.info("GET_SIGNED_JWT holds {}", key));
        if (token != null) {
            held.rotate(token::reload, publishDelay, interval);
        }
        return held;
    }
}
