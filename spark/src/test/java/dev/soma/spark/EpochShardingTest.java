package dev.soma.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.Batch;
import dev.soma.data.DataLoader;
import dev.soma.data.TensorDataset;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The sampler without Spark: pieces, the last batch, DataLoader's order, and its errors. */
class EpochShardingTest {
    @Test void piecesOfTenSamplesBatchFourOnThreeWorkers() {
        EpochSharding s = new EpochSharding(10, 4, 3, false, 0, false);
        assertEquals(3, s.steps());
        assertEquals(2, s.batchOf(2));
        assertArrayEquals(new int[] {0, 2, 3}, new int[] {s.shardStart(0, 0), s.shardStart(0, 1), s.shardStart(0, 2)});
        assertArrayEquals(new int[] {2, 1, 1}, new int[] {s.shardSize(0, 0), s.shardSize(0, 1), s.shardSize(0, 2)});
        assertArrayEquals(new int[] {1, 1, 0}, new int[] {s.shardSize(2, 0), s.shardSize(2, 1), s.shardSize(2, 2)});
        assertArrayEquals(new int[] {0, 0, 1, 2, 0, 0, 1, 2, 0, 1}, workers(s));
    }

    @Test void dropLastLeavesTheShortBatchOut() {
        EpochSharding s = new EpochSharding(10, 4, 2, false, 0, true);
        assertEquals(2, s.steps());
        assertEquals(-1, s.workerOf(8));
        assertEquals(-1, s.workerOf(9));
        assertEquals(1, s.workerOf(7));
    }

    /** Every position goes to exactly one worker's piece of its step, and the pieces tile the batch. */
    @ParameterizedTest
    @CsvSource({"1,1,1", "7,3,2", "64,64,4", "65,64,4", "100,7,4", "33,8,8", "1000,63,5"})
    void piecesTileEveryBatch(int n, int batch, int workers) {
        EpochSharding s = new EpochSharding(n, batch, workers, true, 3, false);
        int[] owner = workers(s);
        for (int step = 0; step < s.steps(); step++) {
            int at = step * batch;
            for (int w = 0; w < workers; w++) {
                assertEquals(at, s.shardStart(step, w));
                for (int p = at; p < at + s.shardSize(step, w); p++) assertEquals(w, owner[p]);
                at += s.shardSize(step, w);
                assertTrue(s.shardSize(step, w) >= s.batchOf(step) / workers && s.shardSize(step, w) <= s.batchOf(step) / workers + 1);
            }
            assertEquals(step * batch + s.batchOf(step), at);
        }
    }

    /** The epoch order is the one core's shuffling DataLoader draws for the same seed and epoch. */
    @Test void orderIsTheDataLoaders() {
        int n = 23;
        float[] idx = new float[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        TensorDataset data = new TensorDataset(Tensor.of(idx, n, 1));
        DataLoader<Tensor[]> loader = DataLoader.builder(data).batchSize(5).shuffle(42).prefetch(0).build();
        EpochSharding s = new EpochSharding(n, 5, 2, true, 42, false);
        for (int epoch = 0; epoch < 3; epoch++) {
            List<Integer> fromLoader = new ArrayList<>();
            for (Batch b : loader) for (float v : b.inputs().toFloatArray()) fromLoader.add((int) v);
            int[] order = s.order(epoch);
            for (int p = 0; p < n; p++) assertEquals(fromLoader.get(p), order[p], "epoch " + epoch + ", position " + p);
            int[] pos = s.positions(epoch);
            for (int p = 0; p < n; p++) assertEquals(p, pos[order[p]]);
        }
        assertTrue(!java.util.Arrays.equals(s.order(0), s.order(1)));
        assertArrayEquals(new EpochSharding(n, 5, 2, false, 42, false).order(5), new EpochSharding(n, 5, 2, false, 9, false).order(0));
    }

    @Test void badArgumentsAreRefusedWithTheReason() {
        assertEquals("EpochSharding: global batch 3 is smaller than the 4 workers; every worker needs at least one sample per step",
                assertThrows(IllegalArgumentException.class, () -> new EpochSharding(10, 3, 4, false, 0, false)).getMessage());
        assertEquals("EpochSharding: batch_size should be a positive integer, got 0",
                assertThrows(IllegalArgumentException.class, () -> new EpochSharding(10, 0, 1, false, 0, false)).getMessage());
        assertEquals("EpochSharding: 3 samples make no full batch of 4 with dropLast",
                assertThrows(IllegalArgumentException.class, () -> new EpochSharding(3, 4, 2, false, 0, true)).getMessage());
        EpochSharding s = new EpochSharding(10, 4, 2, false, 0, false);
        assertEquals("EpochSharding: step 3 of 3", assertThrows(IllegalArgumentException.class, () -> s.batchOf(3)).getMessage());
        assertEquals("EpochSharding: worker 2 of 2", assertThrows(IllegalArgumentException.class, () -> s.shardStart(0, 2)).getMessage());
    }

    private static int[] workers(EpochSharding s) {
        int[] out = new int[s.samples()];
        for (int p = 0; p < out.length; p++) out[p] = s.workerOf(p);
        return out;
    }
}
