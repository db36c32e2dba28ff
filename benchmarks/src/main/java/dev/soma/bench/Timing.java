package dev.soma.bench;

import java.util.Arrays;

/**
 * The timing rule of WORKLOADS.md: warm up for at least one second of work, then time at least 10 iterations
 * and at least 2 seconds, and take the median; quick mode shortens them for smoke tests (0.2 s warm-up, 3
 * iterations, 0.2 s; the PyTorch script's quick warm-up is 0.1 s) and its figures are never compared.
 *
 * <p>The JVM warms up for at least {@value #WARM_SECONDS} s and then until its JIT has gone quiet ({@link WarmUp}),
 * within the rule's "at least": the JIT compiles the hot paths during the first seconds. W2's step medians per half
 * second of a fresh JVM were 17, 6.8, 4.8, 4.6 ms (then steady), so a one-second warm-up timed the compiler, not the
 * steady state the PyTorch side is measured in.
 */
public final class Timing {
    private static final double WARM_SECONDS = 3.0;
    private final double warmSeconds, minSeconds;
    private final int minIters;

    /** The warm-up before timing: at least its seconds, and (outside quick mode) until the JIT is quiet. */
    WarmUp warmUp() { return quick() ? new WarmUp(warmSeconds, () -> -1) : new WarmUp(warmSeconds); }

    /** Whether this is the shortened rule of --quick. */
    public boolean quick() { return minIters == 3; }

    /** The rule itself, or its quick variant for smoke tests. */
    public Timing(boolean quick) {
        warmSeconds = quick ? 0.2 : WARM_SECONDS;
        minIters = quick ? 3 : 10;
        minSeconds = quick ? 0.2 : 2.0;
    }

    /**
     * The median and count of timed iterations of one workload step, every time sorted for percentiles, and the
     * cores other processes used meanwhile (null where that cannot be measured).
     */
    public record Result(double medianSeconds, int iters, double[] sortedSeconds, Double otherCpu) {
        /** The q-quantile at torch_workloads.py's rank: sorted[min(n − 1, ⌊q·n⌋)] (W6a's p90 is q = 0.9). */
        public double percentile(double q) {
            int n = sortedSeconds.length;
            return sortedSeconds[Math.min(n - 1, (int) Math.floor(q * n))];
        }
    }

    /** Warms up, then times {@code step} per the rule. */
    public Result median(Runnable step) {
        WarmUp warm = warmUp();
        do step.run(); while (!warm.done());
        double[] times = new double[64];
        int count = 0;
        OtherCpu.Sample before = OtherCpu.sample();
        long start = System.nanoTime();
        while (count < minIters || System.nanoTime() - start < minSeconds * 1e9) {
            long t0 = System.nanoTime();
            step.run();
            long t1 = System.nanoTime();
            if (count == times.length) times = Arrays.copyOf(times, 2 * count);
            times[count++] = (t1 - t0) * 1e-9;
        }
        Double otherCpu = OtherCpu.cores(before, OtherCpu.sample());
        double[] sorted = Arrays.copyOf(times, count);
        Arrays.sort(sorted);
        return new Result(median(sorted), count, sorted, otherCpu);
    }

    // Python's statistics.median: the mean of the two middle values for an even count.
    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
