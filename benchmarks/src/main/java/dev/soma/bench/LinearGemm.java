package dev.soma.bench;

import dev.soma.nn.Functional;
import dev.soma.tensor.Tensor;

/**
 * W1t: the call Linear's forward makes, {@code Functional.linear(x, w, null)} = X·Wᵀ with X m×k and W n×k, its output
 * allocated by each call (torch_workloads.py times {@code F.linear(X, W)}); cases "128x3072*100x3072^T" and
 * "256x1024*1024x1024^T", GFLOPS = 2mkn / time.
 */
public final class LinearGemm implements Workload {
    private static final int[][] CASES = {{128, 3072, 100}, {256, 1024, 1024}};

    @Override public String id() { return "W1t"; }

    @Override
    public void run(Report report, Timing timing) {
        for (int[] mkn : CASES) {
            int m = mkn[0], k = mkn[1], n = mkn[2];
            Tensor x = MemoryBoundKernels.tensor(1, m, k), w = MemoryBoundKernels.tensor(2, n, k);
            Timing.Result t = timing.median(() -> Functional.linear(x, w, null));
            String caseName = m + "x" + k + "*" + n + "x" + k + "^T";
            report.emit(id(), caseName, "gflops", 2.0 * m * k * n / t.medianSeconds() / 1e9, t);
        }
    }
}
