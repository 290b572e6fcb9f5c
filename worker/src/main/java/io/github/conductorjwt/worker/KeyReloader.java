package io.github.conductorjwt.worker;

import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.task.LogText;
import io.github.conductorjwt.task.ReloadTimer;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the keys directory again on an interval and hands what it finds to the {@link KeySchedule}.
 * Polling rather than a file watch: it sees changes on every filesystem (network mounts, Kubernetes
 * secret volumes that swap a symlink), and a few small files a few times a minute cost nothing. A
 * reload that fails (a half-written or bad file) keeps the keys loaded before and logs the file and
 * the rule, never its text; the next reload tries again.
 */
final class KeyReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeyReloader.class);

    private final Path dir;
    private final SigningAlgorithm defaultAlgorithm;
    private final KeySchedule schedule;
    private final ReloadTimer timer = new ReloadTimer("conductor-jwt-key-reload");

    private Set<String> known;
    private Map<String, String> signers;

    KeyReloader(Path dir, SigningAlgorithm defaultAlgorithm, KeySchedule schedule) {
        this.dir = dir;
        this.defaultAlgorithm = defaultAlgorithm;
        this.schedule = schedule;
        KeySchedule.View now = schedule.now();
        this.known = kids(now);
        this.signers = signers(now);
        signers.forEach(
                (name, kid) -> LOG.info("Key name {} signs with kid {}", LogText.of(name), kid));
        if (now.pending() > 0) {
            LOG.info("{} key(s) written recently sign when their delay ends", now.pending());
        }
    }

    void start(Duration interval) {
        timer.start(interval, this::reload);
    }

    /** Whether the last reload failed, so the keys in use are older than the directory. */
    boolean failing() {
        return timer.failing();
    }

    synchronized void reload() {
        try {
            schedule.update(HeldKeys.load(dir, defaultAlgorithm));
            if (timer.succeeded()) {
                LOG.info("Keys directory reads cleanly again");
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            String reason = LogText.of(e.getMessage());
            if (timer.failed(reason)) {
                LOG.warn("Keeping the keys loaded before; cannot reload: {}", reason);
            }
        } catch (RuntimeException e) {
            // Never let the timer die: the next reload tries again.
            timer.failed(e.getClass().getName());
            LOG.warn(
                    "Keeping the keys loaded before; reload failed with {}",
                    e.getClass().getName());
        }
        report(schedule.now());
    }

    private void report(KeySchedule.View now) {
        Set<String> published = kids(now);
        for (HeldKey key : now.published()) {
            if (!known.contains(key.keyId())) {
                LOG.info(
                        "Publishing {}; it signs in {} s unless it is the only key of its name",
                        key,
                        schedule.publishDelay().toSeconds());
            }
        }
        for (String kid : known) {
            if (!published.contains(kid)) {
                LOG.info("No longer publishing kid {}", kid);
            }
        }
        Map<String, String> signing = signers(now);
        signing.forEach(
                (name, kid) -> {
                    if (!kid.equals(signers.get(name))) {
                        LOG.info("Key name {} now signs with kid {}", name, kid);
                    }
                });
        known = published;
        signers = signing;
    }

    private static Set<String> kids(KeySchedule.View view) {
        return view.published().stream()
                .map(HeldKey::keyId)
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static Map<String, String> signers(KeySchedule.View view) {
        Map<String, String> byName = new HashMap<>();
        view.signers().forEach(key -> byName.put(key.name(), key.keyId()));
        return byName;
    }

    @Override
    public void close() {
        timer.close();
    }
}
