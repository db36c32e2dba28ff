package dev.soma.samples.fashion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.data.TensorDataset;
import dev.soma.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** --limit N keeps the first N samples, so a quick run (the template test's) sees real data in its usual order. */
class LimitTest {
    @Test
    void firstKeepsTheLeadingSamplesOrAllOfThem() {
        TensorDataset d = new TensorDataset(Tensor.arange(10).reshape(5, 2), Tensor.arange(5).mul(2f));
        TensorDataset three = FashionSample.first(d, 3);
        assertEquals(3, three.size());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, three.tensor(0).toFloatArray());
        assertArrayEquals(new float[] {0, 2, 4}, three.tensor(1).toFloatArray());
        assertEquals(5, FashionSample.first(d, 9).size());
    }
}
