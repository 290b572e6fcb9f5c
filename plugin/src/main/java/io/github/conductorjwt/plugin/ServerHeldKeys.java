package io.github.conductorjwt.plugin;

import io.github.conductorjwt.core.HeldSigner;
import io.github.conductorjwt.core.PublishedKey;
import io.github.conductorjwt.task.HeldSigners;
import io.github.conductorjwt.task.SignerSchedule;
import io.github.conductorjwt.task.TokenReloader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys the server holds as they rotate: the token's labels are listed again on a daemon timer
 * (never in the decide loop) by the same {@link TokenReloader} and {@link SignerSchedule} as the
 * worker's, and the JWK Set file is rewritten whenever the published keys change. Which names the
 * server holds is fixed at start ({@link #atStart()}, for the mappers' routing); which key signs
 * for a name and which keys verify are asked at each task ({@link #now()}).
 */
final class ServerHeldKeys implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerHeldKeys.class);

    private final SignerSchedule schedule;
    private final Path jwksFile;
    private final HeldSigners atStart;
    private volatile TokenReloader reloader;
    private List<String> written;

    /**
     * Writes the JWK Set file now.
     *
     * @param jwksFile where the published keys go, or {@code null}
     * @throws IllegalStateException when the file cannot be written
     */
    ServerHeldKeys(SignerSchedule schedule, Path jwksFile) {
        this.schedule = schedule;
        this.jwksFile = jwksFile;
        this.atStart = schedule.now().signing();
        List<HeldSigner> published = atStart.published();
        if (jwksFile != null && !published.isEmpty()) {
            write(jwksFile, published);
        }
        this.written = kids(published);
    }

    /**
     * Lists the token's keys again every {@code interval}, from now on.
     *
     * @param token reads the token's keys now ({@code Pkcs11Token::reload})
     */
    void rotate(Supplier<List<HeldSigner>> token, Duration publishDelay, Duration interval) {
        reloader = new TokenReloader(token, schedule, publishDelay, this::published);
        reloader.start(interval);
    }

    /** The keys held at start: the names the server routes to itself. */
    HeldSigners atStart() {
        return atStart;
    }

    /** The keys now: one signer per name, and every published key. */
    HeldSigners now() {
        if (reloader == null) {
            // Nothing rotates (no token): every task asks, so no work per task.
            return atStart;
        }
        return schedule.now().signing();
    }

    /** Every key published now: what VERIFY_JWT's {@code keyName} verifies with. */
    List<HeldSigner> published() {
        return now().published();
    }

    /** After each read: a change in the published keys rewrites the file. */
    private void published(List<HeldSigner> published) {
        List<String> kids = kids(published);
        if (jwksFile == null || kids.equals(written)) {
            return;
        }
        try {
            write(jwksFile, published);
            written = kids;
        } catch (IllegalStateException e) {
            // Tried again after the next read; verifiers keep the file as it was.
            LOG.warn("{}; tried again after the next read", e.getMessage());
        }
    }

    private static List<String> kids(List<HeldSigner> signers) {
        return signers.stream().map(HeldSigner::keyId).toList();
    }

    @Override
    public void close() {
        if (reloader != null) {
            reloader.close();
        }
    }

    /** Written whole, then moved in place: a reader never sees half a document. */
    private static void write(Path file, List<HeldSigner> published) {
        String jwks = PublishedKey.jwkSet(published);
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
