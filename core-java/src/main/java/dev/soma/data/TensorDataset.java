package dev.soma.data;

import dev.soma.tensor.Tensor;
import java.util.Arrays;

/**
 * Samples are rows (index along dim 0) of tensors of equal length, as torch.utils.data.TensorDataset; the
 * usual pair is (inputs, targets). Batches are gathered with one array copy per row, no per-sample tensors.
 */
public final class TensorDataset implements Dataset<Tensor[]> {
    private final Tensor[] tensors;    // contiguous, so row r of tensor i starts at offset + r·rowSize[i] of its storage
    private final int[] rowSize;
    private final int size;

    public TensorDataset(Tensor... tensors) {
        if (tensors.length == 0) throw new IllegalArgumentException("TensorDataset needs at least one tensor");
        size = tensors[0].dim() == 0 ? -1 : tensors[0].size(0);
        this.tensors = new Tensor[tensors.length];
        rowSize = new int[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            if (t.dim() == 0 || t.size(0) != size)
                throw new IllegalArgumentException("TensorDataset: size mismatch between tensors: tensor 0 has " + size
                        + " rows, tensor " + i + " has shape " + Arrays.toString(t.shape()));
            this.tensors[i] = t.detach().contiguous();
            rowSize[i] = size == 0 ? 0 : t.numel() / size;
        }
    }

    @Override public int size() { return size; }

    /** The rows at {@code index} of every tensor (views, no copy). */
    @Override public Tensor[] get(int index) {
        Tensor[] out = new Tensor[tensors.length];
        for (int i = 0; i < out.length; i++) out[i] = tensors[i].select(0, index);
        return out;
    }

    /** The underlying tensors. */
    public Tensor tensor(int i) { return tensors[i]; }

    /** The rows at {@code indices} of tensor {@code which}, stacked into a new tensor. */
    public Tensor gather(int which, int[] indices, int from, int to) {
        int n = to - from, row = rowSize[which];
        float[] out = new float[n * row];
        float[] src = tensors[which].storageArray();
        int base = tensors[which].storageOffset();
        for (int i = 0; i < n; i++) System.arraycopy(src, base + indices[from + i] * row, out, i * row, row);
        int[] shape = tensors[which].shape();
        shape[0] = n;
        return Tensor.adopt(out, tensors[which].dtype(), shape);
    }

    /** The batch of inputs (tensor 0) and targets (tensor 1, or none) at {@code indices[from..to)}. */
    Batch batch(int[] indices, int from, int to) {
        return new Batch(gather(0, indices, from, to), tensors.length > 1 ? gather(1, indices, from, to) : null);
    }
}
