package dev.soma.bench;

import dev.soma.kernel.Gemm;

/** W1: square SGEMM C = A·B, GFLOPS = 2n³ / time, cases "n=256" .. "n=2048". */
public final class SquareGemm implements Workload {
    private final int[] sizes;

    /** The workload over the given matrix sizes (WORKLOADS.md: 256, 512, 1024, 2048). */
    public SquareGemm(int... sizes) { this.sizes = sizes.clone(); }

    @Override public String id() { return "W1"; }

    @Override
    public void run(Report report, Timing timing) {
        for (int n : sizes) {
            float[] a = RandomData.normal(n * n, 1), b = RandomData.normal(n * n, 2), c = new float[n * n];
            Timing.Result t = timing.median(() -> Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n));
            report.emit(id(), "n=" + n, "gflops", 2.0 * n * n * n / t.medianSeconds() / 1e9, t);
        }
    }
}
