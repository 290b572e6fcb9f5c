package io.github.conductorjwt.task;

import io.github.conductorjwt.core.HeldKeyUnavailableException;
import io.github.conductorjwt.core.HeldSigner;
import io.github.conductorjwt.core.Pkcs11Exception;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a PKCS#11 token's keys again on the keys folder's interval and hands them to the {@link
 * SignerSchedule}, as the worker's key reloader does for files (on the worker and in the server). A
 * read that fails (the device gone, its session being rebuilt, a new key no algorithm signs) keeps
 * the keys read before and logs the rule; the next one tries again. It never logs in again after a
 * refused PIN: the token's session refuses that for good.
 */
public final class TokenReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TokenReloader.class);

    private final Supplier<List<HeldSigner>> token;
    private final SignerSchedule schedule;
    private final Duration publishDelay;
    private final Consumer<List<HeldSigner>> afterRead;
    private final ReloadTimer timer = new ReloadTimer("conductor-jwt-token-reload");

    private Set<String> known;

    /**
     * @param token reads the token's keys now ({@code Pkcs11Token::reload})
     */
    public TokenReloader(
            Supplier<List<HeldSigner>> token, SignerSchedule schedule, Duration publishDelay) {
        this(token, schedule, publishDelay, published -> {});
    }

    /**
     * @param token reads the token's keys now ({@code Pkcs11Token::reload})
     * @param afterRead given the published keys after every read, failed or not (the server writes
     *     its JWK Set file with them: a removed key also leaves when its retirement ends)
     */
    public TokenReloader(
            Supplier<List<HeldSigner>> token,
            SignerSchedule schedule,
            Duration publishDelay,
            Consumer<List<HeldSigner>> afterRead) {
        this.afterRead = afterRead;
        this.token = token;
        this.schedule = schedule;
        this.publishDelay = publishDelay;
        this.known = kids(schedule.now().published());
    }

    public void start(Duration interval) {
        timer.start(interval, this::reload);
    }

    /** Whether the last read failed, so the keys in use are older than the token's. */
    public boolean failing() {
        return timer.failing();
    }

    public synchronized void reload() {
        try {
            schedule.update(token.get());
            if (timer.succeeded()) {
                LOG.info("The PKCS#11 token's keys read cleanly again");
            }
        } catch (Pkcs11Exception e) {
            failed(e.rule());
        } catch (HeldKeyUnavailableException | IllegalArgumentException e) {
            failed(e.getMessage());
        } catch (RuntimeException e) {
            // Never let the timer die: the next read tries again.
            failed(e.getClass().getName());
        }
        List<HeldSigner> published = schedule.now().published();
        for (HeldSigner signer : published) {
            if (!known.contains(signer.keyId())) {
                LOG.info(
                        "Publishing {}; it signs in {} s unless it is the only key of its name",
                        LogText.of(signer.toString()),
                        publishDelay.toSeconds());
            }
        }
        Set<String> now = kids(published);
        known.stream()
                .filter(kid -> !now.contains(kid))
                .forEach(kid -> LOG.info("No longer publishing kid {}", kid));
        known = now;
        afterRead.accept(published);
    }

    private void failed(String reason) {
        String clean = LogText.of(reason);
        if (timer.failed(clean)) {
            LOG.warn("Keeping the PKCS#11 keys read before; cannot read the token: {}", clean);
        }
    }

    private static Set<String> kids(List<HeldSigner> signers) {
        return signers.stream()
                .map(HeldSigner::keyId)
                .filter(kid -> kid != null)
                .collect(Collectors.toSet());
    }

    @Override
    public void close() {
        timer.close();
    }
}
