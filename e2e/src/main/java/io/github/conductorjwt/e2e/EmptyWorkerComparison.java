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
 * paused, the order alternating so drift falls on both alike) and one plugin round (both paused).
 * What ours costs above the empty worker is ours; what the empty worker costs above the plugin path
 * is the protocol's, paid by any external worker.
 */
final class EmptyWorkerComparison {

    /**
     * Held-key rounds through each worker, and plugin rounds, in the run of the figures.
     */
    static final int CYCLES = 8;

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

    private EmptyWorkerComparison() {}

    /** Warm-up of each worker (not reported), then the cycles; both workers left running. */
    static EmptyWorkerComparison run(
            WorkerProcess oursWorker,
            WorkerProcess emptyWorker,
            Rounds rounds,
            String heldKeyWorkflow,
            String pluginWorkflow,
            int cycles)
            throws Exception {
        EmptyWorkerComparison c = new EmptyWorkerComparison();
        try {
            // A JVM started a moment ago spends much of its CPU in the JIT compiler.
            only(oursWorker, emptyWorker);
            rounds.round(heldKeyWorkflow, oursWorker);
            only(emptyWorker, oursWorker);
            rounds.round(heldKeyWorkflow, emptyWorker);
            for (int i = 0; i < cycles; i++) {
                boolean oursFirst = i % 2 == 0;
                for (boolean ourTurn : new boolean[] {oursFirst, !oursFirst}) {
                    WorkerProcess active = ourTurn ? oursWorker : emptyWorker;
                    only(active, ourTurn ? emptyWorker : oursWorker);
                    (ourTurn ? c.ours : c.empty).add(rounds.round(heldKeyWorkflow, active));
                }
                oursWorker.pause();
                emptyWorker.pause();
                Thread.sleep(SETTLE);
                c.plugin.add(rounds.round(pluginWorkflow, null));
            }
        } finally {
            oursWorker.resume();
            emptyWorker.resume();
        }
        return c;
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

    void report(Map<String, String> settings) {
        System.out.printf(
                "Our worker against an empty worker (both off the worker jar's conductor-client,"
                        + " %s, %d s read timeout; %d cycles, the other paused):%n",
                settings,
                Duration.ofMillis(EmptyWorker.READ_TIMEOUT_MILLIS).toSeconds(),
                ours.size());
        kind("GET_SIGNED_JWT, our worker (RS256)", ours);
        kind("GET_SIGNED_JWT, empty worker", empty);
        kind("GET_SIGNED_JWT, plugin (RS256)", plugin);
        System.out.printf(
                "  ours / empty worker [min-max of the %d pairs]: workflows/s %s; server CPU per"
                        + " workflow %s; worker CPU per task %s; p50 %s%n",
                ours.size(), throughput(), serverCpu(), workerCpu(), p50());
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
