package dev.soma.spark;

import dev.soma.data.TensorDataset;
import dev.soma.tensor.Tensor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One labelled example as Spark moves it between machines: the input's values, flat in row-major order (the
 * trainer reshapes them to its input shape), and a class index. Tensors stay on the JVM that made them.
 */
public record SparkSample(float[] features, long label) implements Serializable {
    public SparkSample {
        if (features == null) throw new IllegalArgumentException("SparkSample: features must not be null");
    }

    /** The rows of a (inputs, targets) dataset as samples, in order: what {@code parallelize} takes. */
    public static List<SparkSample> of(TensorDataset data) {
        Tensor inputs = data.tensor(0), targets = data.tensor(1);
        int n = data.size(), row = n == 0 ? 0 : inputs.numel() / n;
        float[] x = inputs.toFloatArray(), y = targets.toFloatArray();
        List<SparkSample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] f = new float[row];
            System.arraycopy(x, i * row, f, 0, row);
            out.add(new SparkSample(f, (long) y[i]));
        }
        return out;
    }
}
