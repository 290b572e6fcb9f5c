package io.github.conductorjwt.e2e;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A child process of {@code threads} busy threads, the load a crowded host puts on a server (the
 * team once saw a load average of 42): it prints {@code busy} once they run and exits when its
 * standard input closes, so it never outlives the run that started it.
 */
public final class CpuLoad {

    private CpuLoad() {}

    public static void main(String[] args) throws IOException {
        int threads = Integer.parseInt(args[0]);
        AtomicLong sink = new AtomicLong();
        for (int i = 0; i < threads; i++) {
            Thread busy =
                    new Thread(
                            () -> {
                                long x = 1;
                                while (true) {
                                    x = x * 6364136223846793005L + 1442695040888963407L;
                                    if (x == 0) {
                                        sink.incrementAndGet(); // never: keeps the loop live
                                    }
                                }
                            },
                            "busy-" + i);
            busy.setDaemon(true);
            busy.start();
        }
        System.out.println("busy");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our input or dies
        }
    }
}
