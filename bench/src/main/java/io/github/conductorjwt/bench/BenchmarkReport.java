package io.github.conductorjwt.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Turns {@link RunBenchmarks#RESULTS} into BENCHMARKS.md (tables of sign/s and the ratios the
 * targets are stated in) and a log-scale bar chart, PNG, drawn with the JDK's own java.awt so the
 * chart needs no dependency. Run alone to redraw from a results file.
 */
public final class BenchmarkReport {

    static final Path MARKDOWN = Path.of("BENCHMARKS.md");
    static final Path CHART = Path.of("results", "benchmarks.png");

    private static final String WHERE_THE_TIME_GOES = "/where-the-time-goes.md";

    static final List<String> ALGORITHMS = List.of("RS256", "PS256", "ES256", "EdDSA", "HS256");

    private static final List<String> PROVIDERS = List.of("jdk", "accp");

    /** The columns of the sign/s table, each a benchmark of the results file, by its label. */
    private static final Map<String, String> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("speed", "openssl speed");
        LAYERS.put("rawJca", "raw JCA");
        LAYERS.put("noJjwt", "no-JJWT floor");
        LAYERS.put("jjwtContent", "JJWT content()");
        LAYERS.put("bareJjwt", "bare JJWT");
        LAYERS.put("coreBefore", "core before");
        LAYERS.put("core", "core");
    }

    /** Bars of the chart, each a (benchmark, provider) of the results file. */
    private static final Map<String, String> SERIES = new LinkedHashMap<>();

    static {
        SERIES.put("speed/openssl", "openssl speed");
        SERIES.put("rawJca/jdk", "raw JCA, JDK");
        SERIES.put("rawJca/accp", "raw JCA, ACCP");
        SERIES.put("noJjwt/jdk", "no-JJWT floor, JDK");
        SERIES.put("noJjwt/accp", "no-JJWT floor, ACCP");
        SERIES.put("bareJjwt/jdk", "bare JJWT, JDK");
        SERIES.put("bareJjwt/accp", "bare JJWT, ACCP");
        SERIES.put("core/jdk", "our core, JDK");
        SERIES.put("core/accp", "our core, ACCP");
    }

    private static final Color[] COLOURS = {
        new Color(0x555555),
        new Color(0xc6dbef),
        new Color(0x3182bd),
        new Color(0xdadaeb),
        new Color(0x756bb1),
        new Color(0xfdd0a2),
        new Color(0xe6550d),
        new Color(0xa1d99b),
        new Color(0x31a354)
    };

    /**
     * Issue 23's targets for core on ACCP ÷ {@code openssl speed}; the other algorithms have none
     * (openssl's Ed25519 and HMAC are no bar for a JWT library: ACCP's Ed25519 outruns it, and an
     * HMAC is a small part of an HS256 token).
     */
    private static final Map<String, Double> OPENSSL_TARGET =
            Map.of("RS256", 0.9, "PS256", 0.9, "ES256", 0.85);

    /** Issue 23: core ÷ bare JJWT, every algorithm and provider. */
    private static final double BARE_JJWT_TARGET = 0.95;

    /** Issue 23: nothing slower on the JDK than before. */
    private static final double BEFORE_TARGET = 1.0;

    private BenchmarkReport() {}

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, String> about = new LinkedHashMap<>();
        Map<String, Double> score = new LinkedHashMap<>();
        Map<String, Double> error = new LinkedHashMap<>();
        Map<String, List<Double>> forks = new LinkedHashMap<>();
        Map<String, Map<String, Double>> heap = new LinkedHashMap<>();
        for (String line : Files.readAllLines(RunBenchmarks.RESULTS, StandardCharsets.UTF_8)) {
            String[] f = line.split(",", -1);
            if (line.startsWith("# ")) {
                about.put(f[0].substring(2), f[1]);
            } else if (line.startsWith("memory,")) {
                heap.computeIfAbsent(f[3], p -> new LinkedHashMap<>())
                        .put(f[4], Double.parseDouble(f[5]));
            } else if (!line.startsWith("kind,")) {
                // benchmark/provider/algorithm[/keyCacheSize]
                String key = f[1] + "/" + f[3] + "/" + f[2] + (f[4].isEmpty() ? "" : "/" + f[4]);
                // A benchmark run more than once (the core before and after) scores its mean.
                List<Double> values = forks.computeIfAbsent(key, k -> new ArrayList<>());
                values.add(Double.parseDouble(f[5]));
                score.put(key, values.stream().mapToDouble(v -> v).average().orElseThrow());
                error.merge(key, f[6].isEmpty() ? 0 : Double.parseDouble(f[6]), Math::max);
            }
        }
        Files.writeString(
                MARKDOWN,
                markdown(about, new Scores(score, error, forks))
                        + verification(score)
                        + pkcs11(score)
                        + memory(heap)
                        + whereTheTimeGoes(),
                StandardCharsets.UTF_8);
        chart(score);
        System.out.println("Wrote " + MARKDOWN.toAbsolutePath() + " and " + CHART.toAbsolutePath());
    }

    /**
     * The profile's findings: text written by hand from a profiling run ({@link RunProfile}), kept
     * as a resource so that regenerating the tables keeps it.
     */
    private static String whereTheTimeGoes() throws IOException {
        try (var in = BenchmarkReport.class.getResourceAsStream(WHERE_THE_TIME_GOES)) {
            return in == null ? "" : "\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Double get(Map<String, Double> score, String series, String algorithm) {
        String[] s = series.split("/");
        return score.get(s[0] + "/" + s[1] + "/" + algorithm);
    }

    private static String markdown(Map<String, String> about, Scores scores) {
        Map<String, Double> score = scores.score();
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n")
                .append("Generated by `mvn -B -q -pl bench -am -Pbench -DskipTests package` from")
                .append(" `bench/results/benchmark-results.csv` (one run: each layer of an")
                .append(" algorithm and provider one JMH fork, 4×1 s warm-up, 3×1 s measured, one")
                .append(" thread, the layers back to back in an order reversed from one algorithm")
                .append(" and provider to the next, the core after, before, before, after, scored")
                .append(
                        " by the mean of its two forks; `openssl speed -seconds 3`). The machine is")
                .append(" shared, so absolute numbers move from run to run; the ratios within one")
                .append(" run are what count.\n\n")
                .append("CPUs: ")
                .append(about.getOrDefault("cpus", "?"))
                .append(" · ")
                .append(about.getOrDefault("java", "?"))
                .append(" · load average (1/5/15 min) before: ")
                .append(about.getOrDefault("load before", "?"))
                .append(", after: ")
                .append(about.getOrDefault("load after", "?"))
                .append(" · ")
                .append(about.getOrDefault("minutes", "?"))
                .append(" minutes · core before: ")
                .append(about.getOrDefault("baseline", "none"))
                .append("\n\n")
                .append(overloaded(about))
                .append("## Sign/s, same key and claims, one thread\n\n")
                .append("- **raw JCA**: the signature alone over a fixed header.payload of a")
                .append(" token's length, base64url of the signature.\n")
                .append("- **no-JJWT floor**: a real token without JJWT: Jackson writes the header")
                .append(" and claims, the JDK's base64url, the same JCA signature (same provider,")
                .append(" same key).\n")
                .append(
                        "- **JJWT content()**: JJWT signs the claims Jackson wrote (`content(byte[])`,")
                .append(" the JDK's base64url as the core hands it).\n")
                .append("- **bare JJWT**: JJWT's claims builder, as a user calls it.\n")
                .append("- **core**: one task's work, reading the input map (key cached) and")
                .append(" signing; **core before** the same at the commit above, compiled from git")
                .append(" and loaded in a class loader of its own, driven by the same code.\n\n");
        md.append("| sign/s | provider |");
        LAYERS.values().forEach(name -> md.append(' ').append(name).append(" |"));
        md.append("\n|---|---|");
        LAYERS.values().forEach(name -> md.append("---:|"));
        md.append('\n');
        for (String algorithm : ALGORITHMS) {
            for (String provider : PROVIDERS) {
                md.append("| ").append(algorithm).append(" | ").append(provider).append(" |");
                for (String layer : LAYERS.keySet()) {
                    String series = layer + "/" + (layer.equals("speed") ? "openssl" : provider);
                    md.append(' ').append(number(get(score, series, algorithm))).append(" |");
                }
                md.append('\n');
            }
        }
        md.append("\n![sign/s by layer and provider, log scale](results/benchmarks.png)\n\n")
                .append("## Issue 23's targets\n\n")
                .append("Each ratio with its target; *met* when the ratio reaches it; *not met")
                .append(" (within noise)* when it misses by less than the two forks of the same")
                .append(" code differ (the core before and after run twice each); *not met (within")
                .append(" error)*, for a benchmark run once, when JMH's 99.9% confidence intervals")
                .append(" of the two scores would reach it; *not met* otherwise.\n\n")
                .append("| | provider | core ACCP ÷ openssl (RS256, PS256 ≥ 0.9×; ES256 ≥ 0.85×)")
                .append(" | core ÷ bare JJWT (≥ 0.95×) | after ÷ before (JDK ≥ 1.00×) |\n")
                .append("|---|---|---|---|---|\n");
        for (String algorithm : ALGORITHMS) {
            for (String provider : PROVIDERS) {
                String core = "core/" + provider;
                md.append("| ")
                        .append(algorithm)
                        .append(" | ")
                        .append(provider)
                        .append(" | ")
                        .append(
                                provider.equals("accp")
                                        ? scores.against(
                                                core,
                                                "speed/openssl",
                                                algorithm,
                                                OPENSSL_TARGET.get(algorithm))
                                        : "–")
                        .append(" | ")
                        .append(
                                scores.against(
                                        core, "bareJjwt/" + provider, algorithm, BARE_JJWT_TARGET))
                        .append(" | ")
                        .append(
                                scores.against(
                                        core,
                                        "coreBefore/" + provider,
                                        algorithm,
                                        provider.equals("jdk") ? BEFORE_TARGET : null))
                        .append(" |\n");
            }
        }
        md.append("\n## Where the gap is: each layer against the next\n\n")
                .append(
                        "Floor ÷ raw JCA is Jackson and base64url; JJWT content() ÷ floor is JJWT's")
                .append(" own work; core ÷ JJWT content() is ours (reading the input, finding the")
                .append(" key) and the claims builder's, if the core uses it.\n\n")
                .append("| | provider | floor ÷ raw JCA | JJWT content() ÷ floor | bare JJWT ÷")
                .append(" floor | core ÷ JJWT content() | core ÷ floor | core ÷ raw JCA |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (String algorithm : ALGORITHMS) {
            for (String provider : PROVIDERS) {
                md.append("| ").append(algorithm).append(" | ").append(provider);
                for (String[] pair :
                        new String[][] {
                            {"noJjwt", "rawJca"},
                            {"jjwtContent", "noJjwt"},
                            {"bareJjwt", "noJjwt"},
                            {"core", "jjwtContent"},
                            {"core", "noJjwt"},
                            {"core", "rawJca"}
                        }) {
                    md.append(" | ")
                            .append(
                                    ratio(
                                            score,
                                            pair[0] + "/" + provider,
                                            pair[1] + "/" + provider,
                                            algorithm));
                }
                md.append(" |\n");
            }
        }
        md.append("\n## Parsed-key cache, RS256 PKCS#8 PEM, read input + sign\n\n")
                .append(
                        "| provider | parsed every call (cache 0) | cached (1000) | cached ÷ uncached |\n")
                .append("|---|---:|---:|---:|\n");
        for (String provider : List.of("jdk", "accp")) {
            Double uncached = score.get("readAndSign/" + provider + "/RS256/0");
            Double cached = score.get("readAndSign/" + provider + "/RS256/1000");
            md.append("| ")
                    .append(provider)
                    .append(" | ")
                    .append(number(uncached))
                    .append(" | ")
                    .append(number(cached))
                    .append(" | ")
                    .append(
                            uncached == null || cached == null
                                    ? "–"
                                    : String.format(Locale.ROOT, "%.1f×", cached / uncached))
                    .append(" |\n");
        }
        return md.toString();
    }

    /** {@link VerificationBenchmark}: a VERIFY_JWT task against bare JJWT parsing. */
    private static String verification(Map<String, Double> score) {
        StringBuilder md = new StringBuilder();
        for (String algorithm : RunBenchmarks.VERIFIED) {
            Double task = score.get("verifyTask//" + algorithm);
            Double bare = score.get("bareJjwt//" + algorithm);
            if (task != null && bare != null) {
                md.append("| ")
                        .append(algorithm)
                        .append(" | ")
                        .append(number(task))
                        .append(" | ")
                        .append(number(bare))
                        .append(String.format(Locale.ROOT, " | %.2f× |%n", task / bare));
            }
        }
        if (md.isEmpty()) {
            return "";
        }
        return "\n## VERIFY_JWT: verifications/s, one thread\n\n"
                + "A task's work (read the input, parsed key from the cache, check the header,"
                + " verify with JJWT, check the claims) against bare JJWT parsing the same token"
                + " with the key in hand (JDK provider).\n\n"
                + "| | VERIFY_JWT task | bare JJWT | task ÷ bare JJWT |\n|---|---:|---:|---:|\n"
                + md;
    }

    /** {@link Pkcs11Benchmark}: read and sign with a key on SoftHSM2 against a software key. */
    private static String pkcs11(Map<String, Double> score) {
        StringBuilder md = new StringBuilder();
        for (String algorithm : RunBenchmarks.HELD) {
            Double software = score.get("readAndSign/software/" + algorithm);
            Double hsm = score.get("readAndSign/softhsm2/" + algorithm);
            if (software != null && hsm != null) {
                md.append("| ")
                        .append(algorithm)
                        .append(" | ")
                        .append(number(software))
                        .append(" | ")
                        .append(number(hsm))
                        .append(String.format(Locale.ROOT, " | %.2f× |%n", hsm / software));
            }
        }
        if (md.isEmpty()) {
            return "\n## Keyless: SoftHSM2\n\nNot measured in this run (SoftHSM2 or its tools"
                    + " missing; see the run's output).\n";
        }
        return "\n## Keyless: read and sign, key on SoftHSM2 against a software key, one thread\n\n"
                + "The same kind and size of key, the JDK's provider for the software key, our"
                + " SunPKCS11 provider for the token's; SoftHSM2 signs in native code, a network"
                + " HSM adds its round trip.\n\n"
                + "| | software key | SoftHSM2 | SoftHSM2 ÷ software |\n|---|---:|---:|---:|\n"
                + md;
    }

    private static String memory(Map<String, Map<String, Double>> heap) {
        if (heap.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder();
        md.append("\n## Memory: ")
                .append(String.format(Locale.ROOT, "%,d", MemoryRun.TOKENS))
                .append(" ES256 tokens round-robin over ")
                .append(String.format(Locale.ROOT, "%,d", MemoryRun.KEYS))
                .append(" distinct keys, key cache at its default bound (1,000)\n\n")
                .append("MB used after a full GC, by tokens signed so far.\n\n| provider |");
        Map<String, Double> first = heap.values().iterator().next();
        first.keySet()
                .forEach(
                        n ->
                                md.append(' ')
                                        .append(
                                                String.format(
                                                        Locale.ROOT, "%,d", Long.parseLong(n)))
                                        .append(" |"));
        md.append("\n|---|");
        first.keySet().forEach(n -> md.append("---:|"));
        md.append('\n');
        heap.forEach(
                (provider, samples) -> {
                    md.append("| ").append(provider).append(" |");
                    samples.values()
                            .forEach(
                                    mb ->
                                            md.append(' ')
                                                    .append(String.format(Locale.ROOT, "%.1f", mb))
                                                    .append(" |"));
                    md.append('\n');
                });
        return md.toString();
    }

    /**
     * A warning when the 1-minute load average exceeded the CPUs: the JIT compiler then starves and
     * Java code (JDK crypto, JJWT, ours) is measured part-interpreted while native code (openssl,
     * ACCP) is not, so even ratios within the run mislead.
     */
    private static String overloaded(Map<String, String> about) {
        try {
            double cpus = Double.parseDouble(about.get("cpus"));
            double before = Double.parseDouble(about.get("load before").split(" ")[0]);
            double after = Double.parseDouble(about.get("load after").split(" ")[0]);
            if (Math.max(before, after) <= cpus) {
                return "";
            }
        } catch (RuntimeException unknown) {
            return "";
        }
        return "**Not fit for comparison: the load average exceeded the CPU count during this run."
                + " Starved of CPU, the JIT leaves Java code (JDK crypto, JJWT, our core) part"
                + " interpreted while native code (openssl, ACCP) runs at full speed, so even the"
                + " ratios mislead. Rerun on a quiet machine.**\n\n";
    }

    /**
     * Scores (the mean of a benchmark's forks), their JMH errors (99.9% confidence half-widths) and
     * each fork's score, by benchmark/provider/algorithm.
     */
    private record Scores(
            Map<String, Double> score, Map<String, Double> error, Map<String, List<Double>> forks) {

        /** The ratio of {@code series} to {@code baseline}, with its verdict if it has a target. */
        String against(String series, String baseline, String algorithm, Double target) {
            Double a = get(score, series, algorithm);
            Double b = get(score, baseline, algorithm);
            if (a == null || b == null) {
                return "–";
            }
            String ratio = String.format(Locale.ROOT, "%.2f×", a / b);
            if (target == null) {
                return ratio;
            }
            if (a / b >= target) {
                return ratio + " met";
            }
            double spread = Math.max(spread(series, algorithm), spread(baseline, algorithm));
            if (!Double.isNaN(spread)) {
                return ratio
                        + (a / b >= target * (1 - spread)
                                ? String.format(
                                        Locale.ROOT,
                                        " not met (within noise: forks %.0f%% apart)",
                                        spread * 100)
                                : " **not met**");
            }
            // The most favourable ratio the intervals allow: series at its top, baseline at its
            // bottom (an interval reaching down to 0 allows any ratio).
            double low = b - get(error, baseline, algorithm);
            boolean reachable = low <= 0 || (a + get(error, series, algorithm)) / low >= target;
            return ratio + (reachable ? " not met (within error)" : " **not met**");
        }

        /**
         * How far apart the forks of the same code scored, relative to their mean: the run's own
         * noise; NaN for a benchmark run once.
         */
        private double spread(String series, String algorithm) {
            String[] s = series.split("/");
            List<Double> values = forks.get(s[0] + "/" + s[1] + "/" + algorithm);
            if (values == null || values.size() < 2) {
                return Double.NaN;
            }
            double max = values.stream().mapToDouble(v -> v).max().orElseThrow();
            double min = values.stream().mapToDouble(v -> v).min().orElseThrow();
            return (max - min) / get(score, series, algorithm);
        }
    }

    private static String ratio(
            Map<String, Double> score, String series, String baseline, String algorithm) {
        Double a = get(score, series, algorithm);
        Double b = get(score, baseline, algorithm);
        return a == null || b == null ? "–" : String.format(Locale.ROOT, "%.2f×", a / b);
    }

    private static String number(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%,.0f", value);
    }

    /** Grouped bars per algorithm on a log10 axis: HS256 and RSA differ by three decades. */
    private static void chart(Map<String, Double> score) throws IOException {
        int width = 1200;
        int height = 640;
        int left = 90;
        int right = 220;
        int top = 50;
        int bottom = 60;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Signatures per second, one thread (log scale)", left, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

        double min = 1; // log10(10)
        double max = 7; // log10(10,000,000)
        int plotHeight = height - top - bottom;
        int plotWidth = width - left - right;
        for (int decade = (int) min; decade <= max; decade++) {
            int y = top + plotHeight - (int) ((decade - min) / (max - min) * plotHeight);
            g.setColor(new Color(0xdddddd));
            g.drawLine(left, y, left + plotWidth, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%,d", (long) Math.pow(10, decade)), 10, y + 4);
        }
        int groupWidth = plotWidth / ALGORITHMS.size();
        int barWidth = (groupWidth - 20) / SERIES.size();
        for (int a = 0; a < ALGORITHMS.size(); a++) {
            String algorithm = ALGORITHMS.get(a);
            int x0 = left + a * groupWidth + 10;
            int s = 0;
            for (String series : SERIES.keySet()) {
                Double value = get(score, series, algorithm);
                if (value != null && value > 0) {
                    double log = Math.max(min, Math.min(max, Math.log10(value)));
                    int h = (int) ((log - min) / (max - min) * plotHeight);
                    g.setColor(COLOURS[s]);
                    g.fillRect(x0 + s * barWidth, top + plotHeight - h, barWidth - 2, h);
                }
                s++;
            }
            g.setColor(Color.BLACK);
            g.drawString(algorithm, x0 + (groupWidth - 20) / 2 - 18, top + plotHeight + 20);
        }
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, top + plotHeight, left + plotWidth, top + plotHeight);
        int s = 0;
        for (String name : SERIES.values()) {
            int y = top + 20 + s * 22;
            g.setColor(COLOURS[s]);
            g.fillRect(width - right + 20, y - 11, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(name, width - right + 42, y);
            s++;
        }
        g.dispose();
        Files.createDirectories(CHART.getParent());
        ImageIO.write(image, "png", CHART.toFile());
    }
}
