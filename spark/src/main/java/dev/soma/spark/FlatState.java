package dev.soma.spark;

import dev.soma.nn.Module;
import dev.soma.nn.Parameter;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model's parameters and buffers laid end to end in one float array, in namedParameters() then namedBuffers()
 * order: the form in which weights are broadcast to the workers and gradients come back. Both sides hold the
 * same architecture, so the layout needs no names.
 */
final class FlatState {
    private final List<Tensor> params = new ArrayList<>(), buffers = new ArrayList<>();
    private final boolean[] integerBuffer;
    private final int paramCount, bufferCount;

    FlatState(Module model) {
        int p = 0, b = 0;
        for (Parameter t : model.namedParameters().values()) {
            params.add(t);
            p += t.numel();
        }
        for (Map.Entry<String, Tensor> e : model.namedBuffers().entrySet()) {
            buffers.add(e.getValue());
            b += e.getValue().numel();
        }
        integerBuffer = new boolean[buffers.size()];
        for (int i = 0; i < integerBuffer.length; i++) integerBuffer[i] = buffers.get(i).dtype() != DType.FLOAT32;
        paramCount = p;
        bufferCount = b;
    }

    /** Values in all parameters. */
    int paramCount() { return paramCount; }

    /** Values in all buffers. */
    int bufferCount() { return bufferCount; }

    /** Parameters then buffers, copied. */
    float[] weights() {
        float[] out = new float[paramCount + bufferCount];
        int o = 0;
        for (Tensor t : params) o = append(t, out, o);
        for (Tensor t : buffers) o = append(t, out, o);
        return out;
    }

    /** The buffers alone, copied. */
    float[] buffers() {
        float[] out = new float[bufferCount];
        int o = 0;
        for (Tensor t : buffers) o = append(t, out, o);
        return out;
    }

    /** The parameters' gradients times {@code scale} (zeros for a parameter without one). */
    float[] gradients(float scale) {
        float[] out = new float[paramCount];
        int o = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            int n = p.numel();
            if (g != null) {
                float[] v = g.toFloatArray();
                for (int i = 0; i < n; i++) out[o + i] = v[i] * scale;
            }
            o += n;
        }
        return out;
    }

    /** Overwrites parameters and buffers from {@link #weights()}'s layout. */
    void loadWeights(float[] w) {
        checkLength(w.length, paramCount + bufferCount, "weights");
        int o = 0;
        for (Tensor t : params) o = fill(t, w, o);
        for (Tensor t : buffers) o = fill(t, w, o);
    }

    /** Overwrites the buffers from {@link #buffers()}'s layout. */
    void loadBuffers(float[] b) {
        checkLength(b.length, bufferCount, "buffers");
        int o = 0;
        for (Tensor t : buffers) o = fill(t, b, o);
    }

    /** Sets every parameter's gradient from {@link #gradients}' layout. */
    void setGradients(float[] g) {
        checkLength(g.length, paramCount, "gradients");
        int o = 0;
        for (Tensor p : params) {
            int n = p.numel();
            float[] v = new float[n];
            System.arraycopy(g, o, v, 0, n);
            p.setGrad(Tensor.adopt(v, DType.FLOAT32, p.shape()));
            o += n;
        }
    }

    /**
     * Merges the workers' buffers (BatchNorm's running statistics) into one: float buffers are the mean weighted by
     * each worker's share of the batch, so a running mean moves by the mean of the whole batch; integer buffers
     * (num_batches_tracked) advance alike on every worker and are taken from the first that trained.
     */
    float[] mergeBuffers(List<float[]> perWorker, double[] share) {
        float[] out = new float[bufferCount];
        int o = 0;
        for (int b = 0; b < buffers.size(); b++) {
            int n = buffers.get(b).numel();
            if (integerBuffer[b]) {
                int first = 0;
                while (share[first] == 0) first++;
                System.arraycopy(perWorker.get(first), o, out, o, n);
            } else {
                for (int i = o; i < o + n; i++) {
                    double s = 0;
                    for (int w = 0; w < perWorker.size(); w++) if (share[w] != 0) s += share[w] * perWorker.get(w)[i];
                    out[i] = (float) s;
                }
            }
            o += n;
        }
        return out;
    }

    private static int append(Tensor t, float[] out, int o) {
        Tensor c = t.contiguous();
        System.arraycopy(c.storageArray(), c.storageOffset(), out, o, t.numel());
        return o + t.numel();
    }

    private static int fill(Tensor t, float[] src, int o) {
        if (!t.isContiguous()) throw new IllegalStateException("FlatState: a parameter or buffer is not contiguous");
        System.arraycopy(src, o, t.storageArray(), t.storageOffset(), t.numel());
        t.markModified();
        return o + t.numel();
    }

    private static void checkLength(int got, int expected, String what) {
        if (got != expected)
            throw new IllegalArgumentException("FlatState: " + what + " of " + got + " values for a model with " + expected);
    }
}
