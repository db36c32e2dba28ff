package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** Ten samples: input row i = (i, 10i), label i % 3. */
    private static TensorDataset ten() {
        float[] x = new float[20];
        long[] y = new long[10];
        for (int i = 0; i < 10; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 10 * i;
            y[i] = i % 3;
        }
        return new TensorDataset(Tensor.of(x, 10, 2), Tensor.ofLongs(y, 10));
    }

    private static List<Float> firstColumn(Iterable<Batch> loader) {
        List<Float> out = new ArrayList<>();
        for (Batch b : loader) for (int i = 0; i < b.size(); i++) out.add(b.inputs().get(i, 0));
        return out;
    }

    @Test
    void batchesInOrderWithTheLastOneShort() {
        DataLoader<Tensor[]> loader = DataLoader.builder(ten()).batchSize(4).build();
        assertEquals(3, loader.size());
        List<int[]> shapes = new ArrayList<>();
        for (Batch b : loader) shapes.add(b.inputs().shape());
        assertArrayEquals(new int[] {4, 2}, shapes.get(0));
        assertArrayEquals(new int[] {2, 2}, shapes.get(2));
        Batch first = loader.iterator().next();
        assertArrayEquals(new float[] {0, 0, 1, 10, 2, 20, 3, 30}, first.inputs().toFloatArray());
        assertEquals(DType.INT64, first.targets().dtype());
        assertArrayEquals(new long[] {0, 1, 2, 0}, first.targets().toLongArray());
        assertEquals(List.of(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f), firstColumn(loader));
    }

    @Test
    void dropLastDropsTheShortBatch() {
        DataLoader<Tensor[]> loader = DataLoader.builder(ten()).batchSize(4).dropLast(true).build();
        assertEquals(2, loader.size());
        assertEquals(8, firstColumn(loader).size());
    }

    @Test
    void shuffleGivesANewReproduciblePermutationEachEpoch() {
        DataLoader<Tensor[]> a = DataLoader.builder(ten()).batchSize(3).shuffle(7).build();
        DataLoader<Tensor[]> b = DataLoader.builder(ten()).batchSize(3).shuffle(7).build();
        List<Float> a1 = firstColumn(a), a2 = firstColumn(a);
        assertEquals(a1, firstColumn(b), "same seed, same first epoch");
        assertEquals(a2, firstColumn(b), "same seed, same second epoch");
        assertNotEquals(a1, a2, "each epoch has its own order");
        List<Float> sorted = new ArrayList<>(a1);
        sorted.sort(null);
        assertEquals(firstColumn(DataLoader.builder(ten()).batchSize(3).build()), sorted, "a permutation of every sample");
        assertNotEquals(a1, firstColumn(DataLoader.builder(ten()).batchSize(3).shuffle(8).build()));
    }

    @Test
    void customCollateAndSamples() {
        Dataset<Sample> ds = new Dataset<>() {
            @Override public int size() { return 5; }

            @Override public Sample get(int i) { return new Sample(Tensor.full(new int[] {2, 2}, i), i * 2L); }
        };
        Batch b = DataLoader.builder(ds).batchSize(5).build().iterator().next();
        assertArrayEquals(new int[] {5, 2, 2}, b.inputs().shape());
        assertArrayEquals(new long[] {0, 2, 4, 6, 8}, b.targets().toLongArray());
        DataLoader<Sample> custom = DataLoader.builder(ds).batchSize(2)
                .collate(list -> new Batch(Tensor.scalar(list.size()), null)).build();
        List<Float> sizes = new ArrayList<>();
        for (Batch x : custom) sizes.add(x.inputs().item());
        assertEquals(List.of(2f, 2f, 1f), sizes);
    }

    @Test
    void aFailureInTheWorkerSurfacesOnTheCallerWithContext() {
        Dataset<Sample> broken = new Dataset<>() {
            @Override public int size() { return 6; }

            @Override public Sample get(int i) {
                if (i == 4) throw new IllegalStateException("bad record 4");
                return new Sample(Tensor.zeros(1), 0);
            }
        };
        Iterator<Batch> it = DataLoader.builder(broken).batchSize(2).build().iterator();
        it.next();
        it.next();
        var e = assertThrows(IllegalStateException.class, it::next);
        assertTrue(e.getMessage().contains("batch 2") && e.getMessage().contains("bad record 4"), e.getMessage());
    }

    @Test
    void workersEndWithTheirEpochAndAbandonedOnesAreStopped() throws Exception {
        DataLoader<Tensor[]> loader = DataLoader.builder(ten()).batchSize(1).prefetch(1).build();
        for (Batch b : loader) assertEquals(1, b.size());
        Iterator<Batch> abandoned = loader.iterator();
        abandoned.next();
        abandoned = null;
        long deadline = System.currentTimeMillis() + 10_000;
        while (workers() > 0 && System.currentTimeMillis() < deadline) {
            System.gc();
            Thread.sleep(50);
        }
        assertEquals(0, workers(), "no loader thread outlives its epoch");
    }

    private static long workers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("soma-dataloader") && t.isAlive()).count();
    }

    @Test
    void withoutPrefetchEverythingRunsOnTheCaller() {
        DataLoader<Tensor[]> loader = DataLoader.builder(ten()).batchSize(4).prefetch(0).build();
        assertEquals(List.of(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f), firstColumn(loader));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(ten()).batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> new TensorDataset(Tensor.zeros(3, 2), Tensor.zeros(4)));
        Dataset<String> strings = new Dataset<>() {
            @Override public int size() { return 1; }

            @Override public String get(int i) { return "x"; }
        };
        var e = assertThrows(IllegalStateException.class, () -> DataLoader.builder(strings).prefetch(0).build().iterator().next());
        assertTrue(e.getMessage().contains("collate"), e.getMessage());
        assertFalse(ten().get(3)[0].toString().isEmpty());
    }
}
