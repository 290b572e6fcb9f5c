package io.github.conductorjwt.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A process's CPU time by kind of thread, from {@code /proc/<pid>/task/<tid>/stat}: threads named
 * alike but for their closing number count as one kind ({@code workflow-worker-}, {@code GC
 * Thread#}, {@code C2 CompilerThre}, as Linux cuts names to 15 characters), so a load run can say
 * whether a worker's CPU went to its tasks, the JIT compiler or the collector. Empty off Linux.
 */
final class ThreadCpu {

    /** Linux reports thread times in clock ticks of 1/100 s (USER_HZ). */
    private static final Duration TICK = Duration.ofMillis(10);

    private ThreadCpu() {}

    static Map<String, Duration> of(long pid) {
        Map<String, Duration> byKind = new TreeMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return byKind;
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(
                    thread -> {
                        try {
                            String stat = Files.readString(thread.resolve("stat"));
                            byKind.merge(kind(stat), cpu(stat), Duration::plus);
                        } catch (IOException e) {
                            // The thread ended since the listing: its time is gone with it.
                        }
                    });
        } catch (IOException e) {
            // The process ended.
        }
        return byKind;
    }

    /** The thread's name, its closing number left out. */
    static String kind(String stat) {
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        return name.replaceAll("[0-9]+$", "").strip();
    }

    /**
     * utime + stime: fields 14 and 15 of the line, counted after the name, which may hold spaces.
     */
    static Duration cpu(String stat) {
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return TICK.multipliedBy(Long.parseLong(after[11]) + Long.parseLong(after[12]));
    }

    /** {@code after} minus {@code before}, kind by kind. */
    static Map<String, Duration> minus(Map<String, Duration> after, Map<String, Duration> before) {
        Map<String, Duration> spent = new TreeMap<>();
        after.forEach(
                (kind, cpu) ->
                        spent.put(kind, cpu.minus(before.getOrDefault(kind, Duration.ZERO))));
        return spent;
    }
}
