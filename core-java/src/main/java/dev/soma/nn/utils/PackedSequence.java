package dev.soma.nn.utils;

import dev.soma.tensor.DType;
import dev.soma.tensor.Shape;
import dev.soma.tensor.Tensor;
import java.util.Arrays;

/**
 * A batch of variable-length sequences packed time step by time step (torch.nn.utils.rnn.PackedSequence): {@code data}
 * (Σ batch_sizes, *) holds step 0 of every sequence, then step 1 of those still running, and so on, the sequences
 * ordered by decreasing length; {@code batchSizes} (int64, one per step) says how many run at each step;
 * {@code sortedIndices} maps that order to the original batch ({@code unsortedIndices} back), both null when the
 * batch came sorted. Made by {@link SequencePacking#packPaddedSequence}, read by the recurrent layers.
 */
public record PackedSequence(Tensor data, Tensor batchSizes, Tensor sortedIndices, Tensor unsortedIndices) {
    public PackedSequence {
        if (data == null || batchSizes == null) throw new IllegalArgumentException("PackedSequence: data and batch_sizes must not be null");
        if (batchSizes.dim() != 1 || batchSizes.dtype() != DType.INT64)
            throw new IllegalArgumentException("PackedSequence: batch_sizes must be a 1-D int64 tensor, got " + batchSizes.dtype().torchName()
                    + " of shape " + Shape.str(batchSizes.shape()));
        if ((sortedIndices == null) != (unsortedIndices == null))
            throw new IllegalArgumentException("PackedSequence: sorted_indices and unsorted_indices must both be given or both be None");
        long[] sizes = batchSizes.toLongArray();
        long total = 0;
        for (int t = 0; t < sizes.length; t++) {
            if (sizes[t] <= 0 || (t > 0 && sizes[t] > sizes[t - 1]))
                throw new IllegalArgumentException("PackedSequence: batch_sizes must be positive and non-increasing, got " + Arrays.toString(sizes));
            total += sizes[t];
        }
        if (data.dim() < 1 || data.size(0) != total)
            throw new IllegalArgumentException("PackedSequence: data must have Σ batch_sizes = " + total + " rows, got shape " + Shape.str(data.shape()));
    }

    /** The batch sizes as ints: element t is the number of sequences longer than t. */
    public int[] batchSizeArray() {
        long[] s = batchSizes.toLongArray();
        int[] out = new int[s.length];
        for (int t = 0; t < s.length; t++) out[t] = (int) s[t];
        return out;
    }

    /** The number of sequences (batch_sizes[0]). */
    public int batchSize() { return batchSizes.numel() == 0 ? 0 : (int) batchSizes.toLongArray()[0]; }

    /** The data as a zero-padded, time-major (T, B, *) tensor in sorted order (the layout the recurrent layers run on). */
    public Tensor paddedSorted() { return paddedSorted(0f, batchSizes.numel()); }

    // (steps, B, *) with `value` past each sequence's end; differentiable with respect to data.
    Tensor paddedSorted(float value, int steps) {
        int[] sizes = batchSizeArray();
        int b = batchSize(), offset = 0;
        int[] rowShape = data.shape();
        Tensor[] rows = new Tensor[steps];
        for (int t = 0; t < steps; t++) {
            int n = t < sizes.length ? sizes[t] : 0;
            Tensor step = data.narrow(0, offset, n);
            offset += n;
            if (n < b) {
                rowShape[0] = b - n;
                step = Tensor.cat(new Tensor[] {step, Tensor.full(rowShape, value)}, 0);
            }
            rows[t] = step;
        }
        return Tensor.stack(rows, 0);
    }

    /** Packs a time-major (T, B, *) tensor already in sorted order: the first sizes[t] rows of each step, concatenated. */
    public static Tensor packSorted(Tensor padded, int[] sizes) {
        Tensor[] parts = new Tensor[sizes.length];
        for (int t = 0; t < sizes.length; t++) parts[t] = padded.select(0, t).narrow(0, 0, sizes[t]);
        return Tensor.cat(parts, 0);
    }
}
