package io.github.conductorjwt.plugin;

import io.github.conductorjwt.core.HeldSigner;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.Pkcs11Config;
import io.github.conductorjwt.core.Pkcs11Exception;
import io.github.conductorjwt.core.Pkcs11Token;
import io.github.conductorjwt.google.GoogleAccounts;
import io.github.conductorjwt.task.HeldSigners;
import io.jsonwebtoken.security.Jwks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys the server holds ({@code conductor.jwt.pkcs11}, {@code conductor.jwt.google}), opened
 * once at start: a login the token refuses stops the server naming the property, and is never
 * retried. Their public keys go to {@code conductor.jwt.jwks-file} as a JWK Set, for the operator
 * to publish to verifiers; the same keys verify VERIFY_JWT's {@code keyName} in the server.
 */
final class HeldKeysConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(HeldKeysConfiguration.class);

    private HeldKeysConfiguration() {}

    static HeldSigners open(ConductorJwtProperties properties, JwtSigner signer) {
        List<HeldSigner> signers = new ArrayList<>();
        // Every key found, for the JWK Set file: a name's older labels still verify.
        List<HeldSigner> published = new ArrayList<>();
        Pkcs11Properties pkcs11 = properties.pkcs11();
        if (pkcs11 != null && pkcs11.library() != null) {
            try {
                Pkcs11Config config = pkcs11.config();
                List<HeldSigner> keys =
                        Pkcs11Token.open(config, properties.defaultAlgorithm(), signer).signers();
                published.addAll(keys);
                // Read at start only: of a name's labels (name, name.VERSION), the last signs.
                Map<String, HeldSigner> newest = new LinkedHashMap<>();
                keys.forEach(key -> newest.put(key.name(), key));
                signers.addAll(newest.values());
            } catch (Pkcs11Exception e) {
                throw new IllegalStateException(pkcs11.propertyOf(e.setting()) + " " + e.rule());
            }
        }
        GoogleProperties google = properties.google();
        if (google != null && google.accounts() != null && !google.accounts().isEmpty()) {
            try {
                List<HeldSigner> accounts =
                        GoogleAccounts.open(
                                google.accounts(),
                                google.credentialsFile(),
                                google.endpoint(),
                                google.delegates() == null ? List.of() : google.delegates());
                signers.addAll(accounts);
                published.addAll(accounts);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(GoogleProperties.PREFIX + ": " + e.getMessage());
            }
        }
        if (signers.isEmpty()) {
            return HeldSigners.NONE;
        }
        HeldSigners held = HeldSigners.of(signers, published);
        held.all().forEach(key -> LOG.info("GET_SIGNED_JWT holds {}", key));
        if (properties.jwksFile() != null) {
            write(properties.jwksFile(), held.published());
        }
        return held;
    }

    /** Written whole, then moved in place: a reader never sees half a document. */
    private static void write(Path file, List<HeldSigner> published) {
        String jwks =
                published.stream()
                        .flatMap(signer -> signer.publicJwks().stream())
                        .map(Jwks::json)
                        .collect(Collectors.joining(",", "{\"keys\":[", "]}"));
        try {
            Path temporary =
                    Files.createTempFile(file.toAbsolutePath().getParent(), ".jwks", ".tmp");
            Files.writeString(temporary, jwks, StandardCharsets.UTF_8);
            Files.move(
                    temporary,
                    file,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            LOG.info("GET_SIGNED_JWT wrote its held keys' JWK Set to {}", file);
        } catch (IOException e) {
            throw new IllegalStateException(
                    ConductorJwtProperties.PREFIX
                            + ".jwks-file cannot be written ("
                            + e.getClass().getSimpleName()
                            + ")");
        }
    }
}
