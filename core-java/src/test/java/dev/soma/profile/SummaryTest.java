package dev.soma.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.nn.Bilinear;
import dev.soma.nn.Dropout;
import dev.soma.nn.Embedding;
import dev.soma.nn.Flatten;
import dev.soma.nn.Linear;
import dev.soma.nn.Maxout;
import dev.soma.nn.Module;
import dev.soma.nn.ModuleList;
import dev.soma.nn.PairScore;
import dev.soma.nn.ReLU;
import dev.soma.nn.Sequential;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {
    private static Sequential mlp() {
        Generator g = new Generator(1);
        return new Sequential(new Linear(3072, 100, true, g), new ReLU(), new Linear(100, 10, true, g));
    }

    @Test
    void mlpParametersAndMacs() {
        Summary s = Summary.of(mlp(), 1, 3072);
        assertEquals(308_310, s.totalParameters());
        assertEquals(308_310, s.trainableParameters());
        assertEquals(0, s.frozenParameters());
        assertEquals(3072 * 100 + 100 * 10, s.macs());
        assertEquals(308_200, s.macs());
        assertEquals(2 * 308_200, s.flops());
        assertEquals(308_310 * 4, s.modelSizeBytes());
        assertEquals(0, s.bufferBytes());
        assertArrayEquals(new int[] {1, 10}, s.outputShape());
        assertEquals((100 + 100 + 10) * 4, s.forwardActivationBytes());
        assertEquals((3072 + 100 + 100 + 10) * 4, s.trainingActivationBytes());

        List<Summary.Row> rows = s.rows();
        assertEquals(List.of("0", "1", "2"), rows.stream().map(Summary.Row::name).toList());
        assertEquals(List.of("Linear", "ReLU", "Linear"), rows.stream().map(Summary.Row::type).toList());
        assertArrayEquals(new int[] {1, 100}, rows.get(0).outputShape());
        assertEquals(List.of(307_300L, 0L, 1_010L), rows.stream().map(Summary.Row::parameters).toList());
        assertEquals(List.of(307_200L, 0L, 1_000L), rows.stream().map(Summary.Row::macs).toList());
    }

    @Test
    void macsAndActivationsScaleWithTheBatch() {
        Summary s = Summary.of(mlp(), 64, 3072);
        assertEquals(64L * 308_200, s.macs());
        assertEquals(64L * 210 * 4, s.forwardActivationBytes());
        assertEquals(308_310, s.totalParameters());
    }

    @Test
    void everyLayerTypeByHand() {
        Generator g = new Generator(2);
        Sequential m = new Sequential(new Embedding(50, 8, null, null, 2.0, false, g),  // (4, 5) -> (4, 5, 8): 400 params
                new Linear(8, 6, true, g),                                              // 4·5 rows · 8 · 6 MACs, 54 params
                new ReLU(), new Dropout(0.2),
                new Flatten(),                                                          // (4, 30)
                new Maxout(30, 3, 4, g));                                               // 4 · 30 · 3 · 4 MACs, 372 params
        Summary s = Summary.of(m, 4, 5);
        assertEquals(List.of(0L, 4L * 5 * 8 * 6, 0L, 0L, 0L, 4L * 30 * 3 * 4), s.rows().stream().map(Summary.Row::macs).toList());
        assertEquals(List.of(400L, 54L, 0L, 0L, 0L, 372L), s.rows().stream().map(Summary.Row::parameters).toList());
        assertArrayEquals(new int[] {4, 5, 6}, s.rows().get(3).outputShape());
        assertArrayEquals(new int[] {4, 3}, s.outputShape());
        assertEquals(826, s.totalParameters());
        assertEquals(4L * 5 * 8 * 6 + 4L * 30 * 3 * 4, m.macs(new int[] {4, 5}));
        assertEquals(s.macs(), m.macs(new int[] {4, 5}));
        assertEquals((160 + 120 + 120 + 120 + 120 + 12) * 4, s.forwardActivationBytes());
    }

    @Test
    void frozenLayersAreCountedApart() {
        Sequential m = mlp();
        m.get(0).requiresGrad(false);
        Summary s = Summary.of(m, 2, 3072);
        assertEquals(308_310, s.totalParameters());
        assertEquals(1_010, s.trainableParameters());
        assertEquals(307_300, s.frozenParameters());
        assertTrue(s.toString().contains("Frozen params: 307,300"), s.toString());
    }

    @Test
    void nestedSequentialsGetDottedNamesAndASingleLayerIsOneRow() {
        Generator g = new Generator(3);
        Sequential m = new Sequential(new Sequential(new Linear(4, 3, true, g), new ReLU()), new Linear(3, 2, false, g));
        assertEquals(List.of("0.0", "0.1", "1"), Summary.of(m, 4).rows().stream().map(Summary.Row::name).toList());
        Summary one = Summary.of(new Linear(4, 3, true, g), 7, 4);
        assertEquals(1, one.rows().size());
        assertEquals("", one.rows().get(0).name());
        assertEquals(7 * 4 * 3, one.macs());
    }

    @Test
    void tableShowsRowsAndTotals() {
        String t = Summary.of(mlp(), 1, 3072).toString();
        assertTrue(t.contains("0 (Linear)") && t.contains("[1, 100]") && t.contains("307,300") && t.contains("307,200"), t);
        assertTrue(t.contains("Total params: 308,310") && t.contains("MACs: 308,200") && t.contains("Model size: 1.18 MiB"), t);
    }

    @Test
    void badInputsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Summary.of(mlp(), 1, 784));
        assertTrue(e.getMessage().contains("expected input (*, 3072), got [1, 784]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Summary.of(mlp(), -1, 3072));
        Module noRule = new ModuleList(new ReLU());
        assertThrows(IllegalStateException.class, () -> Summary.of(noRule, 2));
    }

    @Test
    void savedActivationsAreMeasuredOnTheGraph() {
        Generator g = new Generator(4);
        Linear l = new Linear(3, 2, false, g);
        assertEquals(5 * 3 * 4, ActivationMemory.savedBytes(l, Tensor.randn(g, 5, 3)));    // x, not the weight
        assertEquals(0, ActivationMemory.savedBytes(new ReLU(), Tensor.randn(g, 5, 3)));   // nothing requires grad
        assertEquals(15 * 4, ActivationMemory.savedBytes(new ReLU(), Tensor.randn(g, 5, 3).requiresGrad(true)));
        Sequential m = mlp();
        long measured = ActivationMemory.savedBytes(m, Tensor.randn(g, 2, 3072));
        assertEquals((2 * 3072 + 2 * 100 + 2 * 100) * 4, measured);                     // x, ReLU's input, ReLU's output
        m.get(0).requiresGrad(false);
        assertEquals(2 * 100 * 4, ActivationMemory.savedBytes(m, Tensor.randn(g, 2, 3072)));       // only the last Linear records
    }

    @Test
    void severalInputsAreSummarisedFromTheirShapes() {
        PairScore m = new PairScore(3, 4);
        Summary s = Summary.of(m, new int[] {8, 3}, new int[] {8, 4});
        assertEquals(1, s.rows().size());
        assertArrayEquals(new int[] {8}, s.outputShape());
        assertEquals(8L * 3 * 4 + 8 * 4, s.macs());                 // x1·W, then the row dot products
        assertEquals(2 * s.macs(), s.flops());
        assertEquals(12, s.totalParameters());
        assertEquals(2, s.inputShapes().size());
        assertArrayEquals(new int[] {8, 4}, s.inputShapes().get(1));
        assertEquals((8 + 8 * 3 + 8 * 4) * 4, s.trainingActivationBytes());   // the output and both inputs
        assertTrue(s.toString().startsWith("PairScore summary for inputs [8, 3], [8, 4]\n"), s.toString());
        Summary withNull = Summary.of(m, new int[] {8, 3}, new int[] {8, 4}, null);
        assertEquals(s.macs(), withNull.macs());
        assertTrue(withNull.toString().startsWith("PairScore summary for inputs [8, 3], [8, 4], None\n"), withNull.toString());
        Bilinear b = new Bilinear(3, 4, 5);
        assertEquals(6L * 3 * 4 * 5, Summary.of(b, new int[] {6, 3}, new int[] {6, 4}).macs());
    }

    @Test
    void aWrongNumberOfInputShapesNamesTheLayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Summary.of(new PairScore(3, 4), 8, 3));
        assertTrue(e.getMessage().contains("PairScore(in1=3, in2=4): takes 2 to 3 inputs (x1, x2; optional: scale), got 1 input shape"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Summary.of(mlp(), new int[] {1, 3072}, new int[] {1, 3072}));
        assertTrue(e.getMessage().contains("Sequential: takes 1 input (input), got 2 input shapes"), e.getMessage());
        Summary one = Summary.of(mlp(), new int[][] {{1, 3072}});
        assertEquals(Summary.of(mlp(), 1, 3072).macs(), one.macs());
        assertEquals(3, one.rows().size());
    }
}
