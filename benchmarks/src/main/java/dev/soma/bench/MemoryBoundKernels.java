package dev.soma.bench;

import dev.soma.nn.Functional;
import dev.soma.tensor.Tensor;

/**
 * W9: memory-bound kernels on 4096×1024 tensors, each result newly allocated as in a model; one line per case,
 * named as torch_workloads.py names them.
 */
public final class MemoryBoundKernels implements Workload {
    private static final int ROWS = 4096, COLS = 1024;

    @Override public String id() { return "W9"; }

    @Override
    public void run(Report report, Timing timing) {
        Tensor a = tensor(1, ROWS, COLS), b = tensor(2, ROWS, COLS), bias = tensor(3, COLS), g = tensor(4, ROWS, COLS);
        Tensor leaf = a.contiguousCopy().requiresGrad(true);
        Object[][] cases = {
                {"add", (Runnable) () -> a.add(b)},
                {"add_bias", (Runnable) () -> a.add(bias)},
                {"mul_scalar", (Runnable) () -> a.mul(0.5f)},
                {"relu", (Runnable) a::relu},
                {"relu_fwd_bwd", (Runnable) () -> {
                    leaf.setGrad(null);
                    leaf.relu().backward(g);
                }},
                {"gelu", (Runnable) a::gelu},
                {"exp", (Runnable) a::exp},
                {"sum_dim0", (Runnable) () -> a.sum(0)},
                {"sum_dim1", (Runnable) () -> a.sum(1)},
                {"softmax_dim1", (Runnable) () -> a.softmax(1)},
                {"layer_norm", (Runnable) () -> Functional.layerNorm(a, new int[] {COLS}, null, null, 1e-5)},
        };
        for (Object[] c : cases) {
            Timing.Result t = timing.median((Runnable) c[1]);
            report.emit(id(), (String) c[0], "ms_per_call", t.medianSeconds() * 1e3, t);
        }
    }

    static Tensor tensor(long seed, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return Tensor.of(RandomData.normal(n, seed), shape);
    }
}
