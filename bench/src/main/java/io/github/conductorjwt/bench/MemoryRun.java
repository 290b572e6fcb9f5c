package io.github.conductorjwt.bench;

import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.core.SigningProvider;
import io.github.conductorjwt.core.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Memory over many keys: 100,000 tokens signed round-robin with 1,000 distinct P-256 keys through
 * the input reader (key cache at its default bound, 1,000) and the signer, on the chosen provider;
 * the used heap after a full GC, sampled as the run goes, should stay flat once every key is
 * cached. Rows go into the benchmark results file.
 */
final class MemoryRun {

    static final int KEYS = 1_000;
    static final int TOKENS = 100_000;

    private MemoryRun() {}

    /** Rows {@code memory,heapAfterGc,ES256,<provider>,<tokens signed>,<MB>,}. */
    static List<String> run(String provider) throws Exception {
        List<String> pems = new ArrayList<>(KEYS);
        for (int i = 0; i < KEYS; i++) {
            pems.add(TestKeys.pkcs8Pem(TestKeys.ec("secp256r1")));
        }
        JwtRequestReader reader =
                new JwtRequestReader(
                        new SigningPolicy(
                                SigningPolicy.DEFAULT_MAX_TTL,
                                SigningAlgorithm.ES256,
                                SigningPolicy.DEFAULT_KEY_CACHE_SIZE),
                        SigningProvider.choose(
                                SigningProvider.Choice.valueOf(provider.toUpperCase())));
        JwtSigner signer = new JwtSigner();
        List<String> rows = new ArrayList<>();
        rows.add(row(provider, 0));
        for (int n = 1; n <= TOKENS; n++) {
            signer.sign(
                    reader.read(
                            Map.of(
                                    "subject", "memory@example.com",
                                    "issuer", "memory@example.com",
                                    "audience", "https://api.example.com",
                                    "privateKey", pems.get(n % KEYS),
                                    "ttlInSecond", 300,
                                    "algorithm", "ES256")));
            if (n % 20_000 == 0 || n == KEYS) {
                rows.add(row(provider, n));
            }
        }
        return rows;
    }

    private static String row(String provider, int signed) {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        double mb = (runtime.totalMemory() - runtime.freeMemory()) / 1_048_576.0;
        System.out.printf(
                Locale.ROOT, "  %s: %,d tokens, heap after GC %.1f MB%n", provider, signed, mb);
        return String.format(
                Locale.ROOT, "memory,heapAfterGc,ES256,%s,%d,%.1f,", provider, signed, mb);
    }
}
