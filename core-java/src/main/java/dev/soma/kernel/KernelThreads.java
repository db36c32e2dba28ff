package dev.soma.kernel;

/**
 * The one shared pool every kernel runs on: the calling thread plus {@code threads() - 1} workers. Work is
 * split into contiguous ranges decided here from the range length and thread count; kernels make every
 * element's result independent of the split, so results do not depend on how many threads run.
 *
 * <p>Workers spin for a short while after each job before parking. A training step forks several times a
 * millisecond, and waking a parked thread costs tens to hundreds of microseconds on virtual machines, more
 * than a small GEMM takes; the spin makes the next fork a memory write. The spin time is
 * {@code -Dsoma.spinMicros} (default {@value #DEFAULT_SPIN_MICROS}).
 */
public final class KernelThreads {
    private static final int DEFAULT_SPIN_MICROS = 500;
    static final long SPIN_NANOS = Math.max(0, Long.getLong("soma.spinMicros", DEFAULT_SPIN_MICROS)) * 1000L;

    private static volatile int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static volatile Team team;

    private KernelThreads() {}

    /** Sets the number of threads kernels may use (at least 1); the workers are rebuilt lazily. */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("Soma.setThreads: need at least 1 thread, got " + n);
        if (n == threads) return;
        threads = n;
        Team old = team;
        team = null;
        if (old != null) old.shutdown();
    }

    /** The number of threads kernels may use. */
    public static int threads() { return threads; }

    private static Team team() {
        Team t = team;
        if (t == null) {
            synchronized (KernelThreads.class) {
                t = team;
                if (t == null) team = t = new Team(threads - 1);
            }
        }
        return t;
    }

    /** A body run over the half-open task range [from, to). */
    @FunctionalInterface
    public interface RangeBody { void run(int from, int to); }

    /**
     * Runs body over [0, n) split into at most {@code threads()} contiguous ranges, the first on the calling
     * thread. Runs inline when there is one thread or one task, when {@code work} (an estimate of scalar
     * operations) is too small to pay for a fork, and when the workers are taken: by an enclosing forRange
     * (a nested call) or by another thread's.
     */
    public static void forRange(int n, long work, RangeBody body) {
        if (n <= 0) return;
        int t = threads;
        if (t == 1 || n == 1 || work < 32_768) {
            body.run(0, n);
            return;
        }
        Team tm = team();
        if (!tm.acquire()) {
            body.run(0, n);
            return;
        }
        try {
            tm.run(n, Math.min(n, tm.size() + 1), body);
        } finally {
            tm.release();
        }
    }
}
