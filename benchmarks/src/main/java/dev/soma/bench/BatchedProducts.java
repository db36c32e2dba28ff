package dev.soma.bench;

import dev.soma.tensor.Tensor;

/**
 * W10: attention-shaped batched products, W5's 16 × 8 heads with sequence 128 and head dim 32: Q·Kᵀ with K
 * transposed as a view, and P·V; GFLOPS.
 */
public final class BatchedProducts implements Workload {
    @Override public String id() { return "W10"; }

    @Override
    public void run(Report report, Timing timing) {
        Tensor q = MemoryBoundKernels.tensor(1, 128, 128, 32), k = MemoryBoundKernels.tensor(2, 128, 128, 32);
        Tensor v = MemoryBoundKernels.tensor(3, 128, 128, 32), p = MemoryBoundKernels.tensor(4, 128, 128, 128);
        Timing.Result qk = timing.median(() -> q.bmm(k.transpose(1, 2)));
        report.emit(id(), "QK^T 128x(128x32.32x128)", "gflops", 2.0 * 128 * 128 * 32 * 128 / qk.medianSeconds() / 1e9, qk);
        Timing.Result pv = timing.median(() -> p.bmm(v));
        report.emit(id(), "PV 128x(128x128.128x32)", "gflops", 2.0 * 128 * 128 * 128 * 32 / pv.medianSeconds() / 1e9, pv);
    }
}
