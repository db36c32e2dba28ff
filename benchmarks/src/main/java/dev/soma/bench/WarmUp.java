package dev.soma.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * When a warm-up is over: after at least its minimum time, once the JIT has gone quiet (under {@value #BUSY_MILLIS}
 * ms of compiling over the last {@value #QUIET_SECONDS} s), or at {@value #MAX_SECONDS} s whatever the JIT does.
 *
 * <p>HotSpot compiles a method with C2 after about 5,000 calls, so what runs once per step (the layers, autograd,
 * the optimiser) reaches full speed only after thousands of steps: W3 alone in a fresh JVM stepped at 1.0–1.7 ms
 * until 4.5 s in and at 0.87 ms after, and a fixed 3 s warm-up timed the compiler's last seconds (1.05–1.26 s per
 * epoch against 0.89–0.97 after this rule). The PyTorch side has no JIT and needs no more than the rule's second.
 */
final class WarmUp {
    static final double QUIET_SECONDS = 1.0, MAX_SECONDS = 20.0;
    static final long BUSY_MILLIS = 5;

    private final long start, minNanos;
    private final LongSupplier compileMillis;
    private long windowStart, windowCompiled;
    private boolean reported;

    /** A warm-up of at least {@code minSeconds} that also waits for the JIT of this JVM. */
    WarmUp(double minSeconds) { this(minSeconds, jitMillis()); }

    /** As above with the JIT's accumulated compile time read from {@code compileMillis} (-1: unknown, time alone decides). */
    WarmUp(double minSeconds, LongSupplier compileMillis) {
        this.start = System.nanoTime();
        this.minNanos = (long) (minSeconds * 1e9);
        this.compileMillis = compileMillis;
        this.windowStart = start;
        this.windowCompiled = compileMillis.getAsLong();
    }

    /** Whether the warm-up is over; call it after each warm-up step. */
    boolean done() {
        long now = System.nanoTime(), elapsed = now - start;
        if (elapsed >= MAX_SECONDS * 1e9) return finish(elapsed, "at the cap, the JIT still compiling");
        long compiled = compileMillis.getAsLong();
        if (compiled < 0) return elapsed >= minNanos && finish(elapsed, "its minimum, the JIT not watched");
        if (compiled - windowCompiled > BUSY_MILLIS) {
            // The JIT was busy: the quiet second starts again from here.
            windowStart = now;
            windowCompiled = compiled;
            return false;
        }
        return elapsed >= minNanos && now - windowStart >= QUIET_SECONDS * 1e9 && finish(elapsed, "the JIT quiet");
    }

    // Says on stderr how long the warm-up took (the benchmark's stdout is JSON lines only).
    private boolean finish(long elapsedNanos, String why) {
        if (!reported) System.err.printf("warm-up %.1f s (%s)%n", elapsedNanos / 1e9, why);
        reported = true;
        return true;
    }

    private static LongSupplier jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) return () -> -1;
        return jit::getTotalCompilationTime;
    }
}
