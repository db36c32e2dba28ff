package dev.soma.bench;

import dev.soma.nn.Functional;
import dev.soma.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * W9: memory-bound kernels on 4096×1024 tensors, each result newly allocated as in a model; one line per case,
 * named as torch_workloads.py names them.
 *
 * <p>Each result is closed once made, as PyTorch frees it when its last reference goes at the end of the statement:
 * both sides then write the next result into the memory just given back, still in cache. With
 * {@code -Dsoma.bench.closeResults=false} results are left to the garbage collector instead, which finds them in
 * batches, so each op writes into memory last used tens of calls ago (about 1.5–2× slower for the plain ops).
 * {@code -Dsoma.bench.w9.cases=sum_dim1,add} times only the cases named.
 */
public final class MemoryBoundKernels implements Workload {
    private static final int ROWS = 4096, COLS = 1024;
    private static final boolean CLOSE = Boolean.parseBoolean(System.getProperty("soma.bench.closeResults", "true"));
    private static final String ONLY = System.getProperty("soma.bench.w9.cases", "");

    @Override public String id() { return "W9"; }

    @Override
    public void run(Report report, Timing timing) {
        Tensor a = tensor(1, ROWS, COLS), b = tensor(2, ROWS, COLS), bias = tensor(3, COLS), g = tensor(4, ROWS, COLS);
        Tensor leaf = a.contiguousCopy().requiresGrad(true);
        Object[][] cases = {
                {"add", (Runnable) () -> drop(a.add(b))},
                {"add_bias", (Runnable) () -> drop(a.add(bias))},
                {"mul_scalar", (Runnable) () -> drop(a.mul(0.5f))},
                {"relu", (Runnable) () -> drop(a.relu())},
                {"relu_fwd_bwd", (Runnable) () -> {
                    Tensor y = leaf.relu();
                    y.backward(g);
                    drop(y);
                    drop(leaf.grad());
                    leaf.setGrad(null);
                }},
                {"gelu", (Runnable) () -> drop(a.gelu())},
                {"exp", (Runnable) () -> drop(a.exp())},
                {"sum_dim0", (Runnable) () -> drop(a.sum(0))},
                {"sum_dim1", (Runnable) () -> drop(a.sum(1))},
                {"softmax_dim1", (Runnable) () -> drop(a.softmax(1))},
                {"layer_norm", (Runnable) () -> drop(Functional.layerNorm(a, new int[] {COLS}, null, null, 1e-5))},
        };
        List<String> only = ONLY.isBlank() ? null : Arrays.asList(ONLY.split(","));
        for (Object[] c : cases) {
            if (only != null && !only.contains((String) c[0])) continue;
            Timing.Result t = timing.median((Runnable) c[1]);
            report.emit(id(), (String) c[0], "ms_per_call", t.medianSeconds() * 1e3, t);
        }
    }

    private static void drop(Tensor result) {
        if (CLOSE) result.close();
    }

    static Tensor tensor(long seed, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return Tensor.of(RandomData.normal(n, seed), shape);
    }
}
