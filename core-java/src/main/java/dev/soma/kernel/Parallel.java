package dev.soma.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * The one shared pool every kernel runs on. Work is split into a fixed number of contiguous chunks decided
 * by the caller, never by the thread count, so results do not depend on how many threads run.
 */
public final class Parallel {
    private static volatile int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static volatile ForkJoinPool pool;

    private Parallel() {}

    /** Sets the number of threads kernels may use (at least 1); the pool is rebuilt lazily. */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("Soma.setThreads: need at least 1 thread, got " + n);
        if (n == threads) return;
        threads = n;
        ForkJoinPool old = pool;
        pool = null;
        if (old != null) old.shutdown();
    }

    /** The number of threads kernels may use. */
    public static int threads() { return threads; }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) pool = p = new ForkJoinPool(threads);
            }
        }
        return p;
    }

    /** A body run over the half-open task range [from, to). */
    @FunctionalInterface
    public interface RangeBody { void run(int from, int to); }

    /**
     * Runs body over [0, n) split into at most {@code threads()} contiguous ranges; runs inline when there is
     * one thread, one task, or when {@code work} (an estimate of scalar operations) is too small to pay for a fork.
     */
    public static void forRange(int n, long work, RangeBody body) {
        int t = threads;
        if (n <= 0) return;
        if (t == 1 || n == 1 || work < 32_768 || ForkJoinTask.inForkJoinPool()) {
            body.run(0, n);
            return;
        }
        int parts = Math.min(t, n);
        pool().invoke(new RecursiveAction() {
            @Override protected void compute() {
                ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
                for (int p = 1; p < parts; p++) {
                    int from = (int) ((long) n * p / parts), to = (int) ((long) n * (p + 1) / parts);
                    tasks[p - 1] = ForkJoinTask.adapt(() -> body.run(from, to)).fork();
                }
                body.run(0, (int) ((long) n / parts));
                for (int i = tasks.length - 1; i >= 0; i--) tasks[i].join();
            }
        });
    }
}
