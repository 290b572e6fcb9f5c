package io.github.conductorjwt.e2e;

import io.github.conductorjwt.e2e.LoadRun.Round;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Our worker against the limit of the worker path, an {@link EmptyWorker} with the same client and
 * settings, on the same server and workflow: cycles of one held-key round through each (the other
 * paused, the order alternating so drift falls on both alike) and, given the plugin's workflow, one
 * plugin round (both paused). What ours costs above the empty worker is ours; what the empty worker
 * costs above the plugin path is the protocol's, paid by any external worker.
 */
final class EmptyWorkerComparison {

    /**
     * Held-key rounds through each worker, and plugin rounds, in the run of the figures.
     */
    static final int CYCLES = 8;

    /**
     * Tasks through our worker before its rounds count, so the ratios are a worker's that has run a
     * while, as one does in production: the JIT compiles per-task code only after thousands of
     * calls (the warm-up rounds are printed apart: their CPU per task falls round by round). The
     * empty worker runs only the client's code, which its polls, thousands a minute, warm too.
     */
    static final int OUR_WARM_UP = 3_000;

    /** Tasks through the empty worker before its rounds count. */
    static final int EMPTY_WARM_UP = 1_000;

    /**
     * After a pause, for a poll the paused worker sent just before to be answered (empty) before
     * the next round starts, rather than take one of its tasks into the pause.
     */
    private static final Duration SETTLE = Duration.ofMillis(200);

    /** Starts a round of a workflow with the given worker polling (null: none). */
    interface Rounds {
        Round round(String workflow, WorkerProcess active) throws Exception;
    }

    private final List<Round> ours = new ArrayList<>();
    private final List<Round> empty = new ArrayList<>();
    private final List<Round> plugin = new ArrayList<>();
    private final List<Round> oursWarmUp = new ArrayList<>();
    private final List<Round> emptyWarmUp = new ArrayList<>();
    private final Map<String, Duration> oursByThread = new java.util.TreeMap<>();
    private final Map<String, Duration> emptyByThread = new java.util.TreeMap<>();

    private EmptyWorkerComparison() {}

    /**
     * Warm-up of each worker (reported apart, not in the ratios), then the cycles; both workers
     * left running.
     *
     * @param pluginWorkflow the plugin path's workflow, or {@code null} for no plugin rounds
     * @param ourWarmUp at least this many tasks through ours before the cycles
     * @param emptyWarmUp the same for the empty worker
     */
    static EmptyWorkerComparison run(
            WorkerProcess oursWorker,
            WorkerProcess emptyWorker,
            Rounds rounds,
            String heldKeyWorkflow,
            String pluginWorkflow,
            int cycles,
            int ourWarmUp,
            int emptyWarmUp)
            throws Exception {
        EmptyWorkerComparison c = new EmptyWorkerComparison();
        try {
            only(oursWorker, emptyWorker);
            warmUp(rounds, heldKeyWorkflow, oursWorker, ourWarmUp, c.oursWarmUp);
            only(emptyWorker, oursWorker);
            warmUp(rounds, heldKeyWorkflow, emptyWorker, emptyWarmUp, c.emptyWarmUp);
            for (int i = 0; i < cycles; i++) {
                boolean oursFirst = i % 2 == 0;
                for (boolean ourTurn : new boolean[] {oursFirst, !oursFirst}) {
                    WorkerProcess active = ourTurn ? oursWorker : emptyWorker;
                    only(active, ourTurn ? emptyWorker : oursWorker);
                    Map<String, Duration> before = active.cpuByThread();
                    (ourTurn ? c.ours : c.empty).add(rounds.round(heldKeyWorkflow, active));
                    ThreadCpu.minus(active.cpuByThread(), before)
                            .forEach(
                                    (kind, cpu) ->
                                            (ourTurn ? c.oursByThread : c.emptyByThread)
                                                    .merge(kind, cpu, Duration::plus));
                }
                if (pluginWorkflow != null) {
                    oursWorker.pause();
                    emptyWorker.pause();
                    Thread.sleep(SETTLE);
                    c.plugin.add(rounds.round(pluginWorkflow, null));
                }
            }
        } finally {
            oursWorker.resume();
            emptyWorker.resume();
        }
        return c;
    }

    private static void warmUp(
            Rounds rounds, String workflow, WorkerProcess active, int tasks, List<Round> done)
            throws Exception {
        int completed = 0;
        while (completed < tasks) {
            Round round = rounds.round(workflow, active);
            done.add(round);
            completed += round.completed();
        }
    }

    private static void only(WorkerProcess active, WorkerProcess paused)
            throws InterruptedException {
        paused.pause();
        active.resume();
        Thread.sleep(SETTLE);
    }

    /** Ours ÷ the empty worker, throughput. */
    PairedRatio throughput() {
        return ratio(ours, empty, Round::throughput);
    }

    /** Ours ÷ the empty worker, the worker's CPU per task (one task a workflow). */
    PairedRatio workerCpu() {
        return ratio(ours, empty, Round::workerCpuMillisPerWorkflow);
    }

    PairedRatio serverCpu() {
        return ratio(ours, empty, Round::serverCpuMillisPerWorkflow);
    }

    PairedRatio p50() {
        return ratio(ours, empty, EmptyWorkerComparison::p50);
    }

    void report(String algorithm, Map<String, String> settings) {
        System.out.printf(
                "Our worker against an empty worker, %s held key (both off the worker jar's"
                        + " conductor-client, %s, %d s read timeout; %d cycles, the other"
                        + " paused):%n",
                algorithm,
                settings,
                Duration.ofMillis(EmptyWorker.READ_TIMEOUT_MILLIS).toSeconds(),
                ours.size());
        warmUp("our worker", oursWarmUp);
        warmUp("empty worker", emptyWarmUp);
        kind("GET_SIGNED_JWT, our worker (" + algorithm + ")", ours);
        kind("GET_SIGNED_JWT, empty worker", empty);
        StringBuilder cycles = new StringBuilder();
        for (int i = 0; i < ours.size(); i++) {
            cycles.append(
                    String.format(
                            " %.2f/%.2f",
                            ours.get(i).workerCpuMillisPerWorkflow(),
                            empty.get(i).workerCpuMillisPerWorkflow()));
        }
        System.out.printf("  worker CPU per task by cycle, ours/empty, ms:%s%n", cycles);
        byThread("our worker", oursByThread, ours);
        byThread("empty worker", emptyByThread, empty);
        System.out.printf(
                "  ours / empty worker [min-max, median of the %d pairs]: workflows/s %s; server CPU per"
                        + " workflow %s; worker CPU per task %s; p50 %s%n",
                ours.size(), throughput(), serverCpu(), workerCpu(), p50());
        if (plugin.isEmpty()) {
            return;
        }
        kind("GET_SIGNED_JWT, plugin (RS256)", plugin);
        System.out.printf(
                "  empty worker / plugin: workflows/s %s; server CPU per workflow %s%n",
                ratio(empty, plugin, Round::throughput),
                ratio(empty, plugin, Round::serverCpuMillisPerWorkflow));
        System.out.printf(
                "  ours / plugin: workflows/s %s; server CPU per workflow %s%n",
                ratio(ours, plugin, Round::throughput),
                ratio(ours, plugin, Round::serverCpuMillisPerWorkflow));
    }

    private static void kind(String label, List<Round> rounds) {
        System.out.printf(
                "  %-34s %5.1f workflows/s [%.1f-%.1f]; p50 %d ms, p95 %d ms; server CPU %.2f"
                        + " ms/workflow%s; load %.1f-%.1f%n",
                label,
                mean(rounds, Round::throughput),
                min(rounds, Round::throughput),
                max(rounds, Round::throughput),
                Round.percentile(rounds, 0.50),
                Round.percentile(rounds, 0.95),
                mean(rounds, Round::serverCpuMillisPerWorkflow),
                rounds.stream().allMatch(round -> round.costs().workerCpu().isZero())
                        ? ""
                        : String.format(
                                "; worker CPU %.2f ms/task",
                                mean(rounds, Round::workerCpuMillisPerWorkflow)),
                min(rounds, Round::loadAverage),
                max(rounds, Round::loadAverage));
    }

    private static void warmUp(String label, List<Round> rounds) {
        if (rounds.isEmpty()) {
            return;
        }
        System.out.printf(
                "  warm-up of the %s, not in the ratios: %d tasks, worker CPU per task by round, ms:"
                        + "%s%n",
                label,
                rounds.stream().mapToInt(Round::completed).sum(),
                rounds.stream()
                        .map(r -> String.format(" %.2f", r.workerCpuMillisPerWorkflow()))
                        .collect(java.util.stream.Collectors.joining()));
    }

    /** Where a worker's CPU went, per task, by kind of thread; the kinds under 0.05 ms left out. */
    private static void byThread(String label, Map<String, Duration> cpu, List<Round> rounds) {
        int tasks = rounds.stream().mapToInt(Round::completed).sum();
        StringBuilder line = new StringBuilder();
        cpu.entrySet().stream()
                .sorted(Map.Entry.<String, Duration>comparingByValue().reversed())
                .filter(e -> e.getValue().toNanos() / 1e6 / tasks >= 0.05)
                .forEach(
                        e ->
                                line.append(
                                        String.format(
                                                "; %s %.2f",
                                                e.getKey(), e.getValue().toNanos() / 1e6 / tasks)));
        System.out.printf("  %s's CPU per task by thread, ms%s%n", label, line);
    }

    private static PairedRatio ratio(
            List<Round> a, List<Round> b, ToDoubleFunction<Round> measure) {
        return PairedRatio.of(
                a.stream().map(measure::applyAsDouble).toList(),
                b.stream().map(measure::applyAsDouble).toList());
    }

    private static double p50(Round round) {
        return Round.percentile(List.of(round), 0.50);
    }

    private static double mean(List<Round> rounds, ToDoubleFunction<Round> measure) {
        return rounds.stream().mapToDouble(measure).average().orElse(Double.NaN);
    }

    private static double min(List<Round> rounds, ToDoubleFunction<Round> measure) {
        return rounds.stream().mapToDouble(measure).min().orElse(Double.NaN);
    }

    private static double max(List<Round> rounds, ToDoubleFunction<Round> measure) {
        return rounds.stream().mapToDouble(measure).max().orElse(Double.NaN);
    }
}
