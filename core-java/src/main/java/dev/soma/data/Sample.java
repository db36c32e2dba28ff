package dev.soma.data;

import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.List;

/** One labelled example: an input tensor and a class index. */
public record Sample(Tensor input, long label) {
    /** Stacks the inputs (all of one shape) and makes an int64 label vector. */
    public static Batch collate(List<Sample> samples) {
        int n = samples.size();
        if (n == 0) throw new IllegalArgumentException("cannot collate an empty list of samples");
        int[] shape = samples.get(0).input.shape();
        int row = samples.get(0).input.numel();
        float[] x = new float[n * row], y = new float[n];
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            if (!java.util.Arrays.equals(s.input.shape(), shape))
                throw new IllegalArgumentException("collate: sample " + i + " has shape " + java.util.Arrays.toString(s.input.shape())
                        + ", sample 0 has " + java.util.Arrays.toString(shape));
            System.arraycopy(s.input.toFloatArray(), 0, x, i * row, row);
            y[i] = s.label;
        }
        int[] batchShape = new int[shape.length + 1];
        batchShape[0] = n;
        System.arraycopy(shape, 0, batchShape, 1, shape.length);
        return new Batch(Tensor.adopt(x, DType.FLOAT32, batchShape), Tensor.adopt(y, DType.INT64, n));
    }
}
