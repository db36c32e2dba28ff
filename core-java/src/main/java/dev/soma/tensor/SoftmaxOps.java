package dev.soma.tensor;

import dev.soma.autograd.Graph;
import dev.soma.kernel.RowOps;

/**
 * softmax and log_softmax along one dimension. Each lane is shifted by its maximum before exponentiating, so
 * large logits never overflow and log_softmax never takes the log of an underflowed probability. The lanes run
 * in the kernel's {@link RowOps}, read straight from x's strided memory. Reached through Tensor.softmax/logSoftmax
 * and nn.Functional.
 */
final class SoftmaxOps {
    private SoftmaxOps() {}

    /** exp(x − max) / Σ exp(x − max) along dim; torch.softmax. Backward: y ⊙ (g − Σ g ⊙ y). */
    public static Tensor softmax(Tensor x, int dim) { return lanes("softmax", "SoftmaxBackward", x, dim, false); }

    /** x − max − log Σ exp(x − max) along dim; torch.log_softmax. Backward: g − softmax ⊙ Σ g. */
    public static Tensor logSoftmax(Tensor x, int dim) { return lanes("log_softmax", "LogSoftmaxBackward", x, dim, true); }

    private static Tensor lanes(String op, String node, Tensor x, int dim, boolean log) {
        Ops.requireFloat(op, x);
        int d = Shape.wrapDim(dim, x.dim());
        int[] shape = x.dim() == 0 ? new int[] {1} : x.shape;
        int[] strides = x.dim() == 0 ? new int[] {1} : x.strides;
        float[] out = BufferPool.take(x.numel());
        RowOps.softmax(log, x.storage.data(), x.offset, strides, shape, d, out);
        Tensor y = BufferPool.wrap(out, x.shape.clone(), DType.FLOAT32);
        return Graph.record(node, y, new Tensor[] {x}, (g, n) -> {
            float[] gx = BufferPool.take(y.numel());
            RowOps.softmaxBackward(log, y.storage.data(), Ops.dense(g), shape, d, gx);
            return new Tensor[] {BufferPool.wrap(gx, x.shape.clone(), DType.FLOAT32)};
        }, y);
    }
}
