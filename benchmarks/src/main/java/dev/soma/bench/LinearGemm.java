package dev.soma.bench;

import dev.soma.kernel.Gemm;

/** W1t: SGEMM as in Linear's forward, Y = X·Wᵀ with X m×k and W n×k, cases "128x3072*100x3072^T" and "256x1024*1024x1024^T". */
public final class LinearGemm implements Workload {
    private static final int[][] CASES = {{128, 3072, 100}, {256, 1024, 1024}};

    @Override public String id() { return "W1t"; }

    @Override
    public void run(Report report, Timing timing) {
        for (int[] mkn : CASES) {
            int m = mkn[0], k = mkn[1], n = mkn[2];
            float[] x = RandomData.normal(m * k, 1), w = RandomData.normal(n * k, 2), y = new float[m * n];
            Timing.Result t = timing.median(() -> Gemm.sgemm(false, true, m, n, k, 1f, x, 0, k, w, 0, k, 0f, y, 0, n));
            String caseName = m + "x" + k + "*" + n + "x" + k + "^T";
            report.emit(id(), caseName, "gflops", 2.0 * m * k * n / t.medianSeconds() / 1e9, t.iters());
        }
    }
}
