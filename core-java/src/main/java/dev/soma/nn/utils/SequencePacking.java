package dev.soma.nn.utils;

import dev.soma.tensor.Shape;
import dev.soma.tensor.Tensor;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * torch.nn.utils.rnn's packing functions: {@link #packPaddedSequence} turns a padded batch and its lengths into a
 * {@link PackedSequence}, {@link #padPackedSequence} turns one back. Both are differentiable with respect to the data.
 */
public final class SequencePacking {
    private SequencePacking() {}

    /** A padded batch and each sequence's length (int64), as pad_packed_sequence returns them. */
    public record PaddedSequence(Tensor output, Tensor lengths) {}

    /**
     * Packs input (T, B, *) (batch first: (B, T, *)) whose sequence b is lengths[b] steps long (pack_padded_sequence).
     * With enforceSorted the lengths must be in decreasing order and no indices are kept; otherwise the batch is
     * sorted by decreasing length (ties keep their order) and the permutation kept in the result.
     */
    public static PackedSequence packPaddedSequence(Tensor input, long[] lengths, boolean batchFirst, boolean enforceSorted) {
        if (input == null || lengths == null) throw new IllegalArgumentException("pack_padded_sequence: input and lengths must not be null");
        if (input.dim() < 2)
            throw new IllegalArgumentException("pack_padded_sequence: expected input of at least 2 dims (T, B, *), got " + Shape.str(input.shape()));
        Tensor x = batchFirst ? input.transpose(0, 1) : input;
        int steps = x.size(0), b = x.size(1);
        if (lengths.length != b)
            throw new IllegalArgumentException("pack_padded_sequence: Expected `len(lengths)` to be equal to batch_size, but got "
                    + lengths.length + " (batch_size=" + b + ")");
        for (long l : lengths) {
            if (l <= 0)
                throw new IllegalArgumentException("pack_padded_sequence: Length of all samples has to be greater than 0, but found an "
                        + "element in 'lengths' that is <= 0: " + Arrays.toString(lengths));
            if (l > steps)
                throw new IllegalArgumentException("pack_padded_sequence: a length of " + l + " exceeds the input's " + steps
                        + " steps (input " + Shape.str(input.shape()) + ", batch_first=" + (batchFirst ? "True" : "False") + ")");
        }
        Tensor sortedIndices = null, unsortedIndices = null;
        long[] sorted = lengths.clone();
        if (enforceSorted) {
            for (int i = 1; i < b; i++)
                if (lengths[i] > lengths[i - 1])
                    throw new IllegalArgumentException("pack_padded_sequence: `lengths` array must be sorted in decreasing order when "
                            + "`enforce_sorted` is True, got " + Arrays.toString(lengths) + ". You can pass `enforce_sorted=False` to "
                            + "pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need ONNX exportability.");
        } else {
            int[] order = IntStream.range(0, b).boxed().sorted(Comparator.comparingLong((Integer i) -> -lengths[i])).mapToInt(i -> i).toArray();
            long[] sortIdx = new long[b], unsortIdx = new long[b];
            for (int i = 0; i < b; i++) {
                sortIdx[i] = order[i];
                unsortIdx[order[i]] = i;
                sorted[i] = lengths[order[i]];
            }
            sortedIndices = Tensor.ofLongs(sortIdx, b);
            unsortedIndices = Tensor.ofLongs(unsortIdx, b);
            x = x.indexSelect(1, sortedIndices);
        }
        int maxLen = (int) sorted[0];
        long[] sizes = new long[maxLen];
        int[] intSizes = new int[maxLen];
        for (int t = 0; t < maxLen; t++) {
            int n = 0;
            while (n < b && sorted[n] > t) n++;
            sizes[t] = n;
            intSizes[t] = n;
        }
        return new PackedSequence(PackedSequence.packSorted(x, intSizes), Tensor.ofLongs(sizes, maxLen), sortedIndices, unsortedIndices);
    }

    /** {@link #packPaddedSequence(Tensor, long[], boolean, boolean)} with lengths as a 1-D int64 tensor. */
    public static PackedSequence packPaddedSequence(Tensor input, Tensor lengths, boolean batchFirst, boolean enforceSorted) {
        if (lengths == null || lengths.dim() != 1)
            throw new IllegalArgumentException("pack_padded_sequence: lengths must be a 1-D tensor, got "
                    + (lengths == null ? "null" : Shape.str(lengths.shape())));
        return packPaddedSequence(input, lengths.toLongArray(), batchFirst, enforceSorted);
    }

    /**
     * Unpacks to (T, B, *) (batch first: (B, T, *)) in the original batch order, with paddingValue past each sequence's
     * end and T the longest length, or totalLength when given (not null), which must be at least that (pad_packed_sequence).
     */
    public static PaddedSequence padPackedSequence(PackedSequence sequence, boolean batchFirst, float paddingValue, Integer totalLength) {
        if (sequence == null) throw new IllegalArgumentException("pad_packed_sequence: the packed sequence must not be null");
        int maxLen = sequence.batchSizes().numel();
        if (totalLength != null && totalLength < maxLen)
            throw new IllegalArgumentException("pad_packed_sequence: Expected total_length to be at least the length of the longest "
                    + "sequence in input, but got total_length=" + totalLength + " and max sequence length being " + maxLen);
        Tensor padded = sequence.paddedSorted(paddingValue, totalLength == null ? maxLen : totalLength);
        int[] sizes = sequence.batchSizeArray();
        int b = sequence.batchSize();
        long[] lengths = new long[b];
        for (int size : sizes) for (int i = 0; i < size; i++) lengths[i]++;
        Tensor unsorted = sequence.unsortedIndices();
        if (unsorted != null) {
            padded = padded.indexSelect(1, unsorted);
            long[] sortedIdx = sequence.sortedIndices().toLongArray(), original = new long[b];
            for (int i = 0; i < b; i++) original[(int) sortedIdx[i]] = lengths[i];
            lengths = original;
        }
        return new PaddedSequence(batchFirst ? padded.transpose(0, 1) : padded, Tensor.ofLongs(lengths, b));
    }

    /** pad_packed_sequence with PyTorch's defaults: time-major, zero padding, the longest length. */
    public static PaddedSequence padPackedSequence(PackedSequence sequence) { return padPackedSequence(sequence, false, 0f, null); }
}
