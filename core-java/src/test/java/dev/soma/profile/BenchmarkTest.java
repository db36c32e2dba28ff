package dev.soma.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.nn.Dropout;
import dev.soma.nn.Embedding;
import dev.soma.nn.Linear;
import dev.soma.nn.ReLU;
import dev.soma.nn.Sequential;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import org.junit.jupiter.api.Test;

class BenchmarkTest {
    @Test
    void latenciesArePositiveAndOrdered() {
        Generator g = new Generator(5);
        Sequential m = new Sequential(new Linear(8, 16, true, g), new ReLU(), new Dropout(0.5), new Linear(16, 2, true, g));
        m.get(2).train(true);
        m.get(0).eval();
        Benchmark b = Benchmark.run(m, new int[] {8}, new int[] {1, 4, 16}, 2, 20);
        assertEquals(3, b.rows().size());
        int[] expected = {1, 4, 16};
        for (int i = 0; i < 3; i++) {
            Benchmark.Row r = b.rows().get(i);
            assertEquals(expected[i], r.batchSize());
            assertEquals(20, r.iterations());
            assertTrue(r.p50Micros() > 0 && r.p50Micros() <= r.p90Micros() && r.p90Micros() <= r.p99Micros(), r.toString());
            assertTrue(r.meanMicros() > 0 && r.samplesPerSecond() > 0, r.toString());
        }
        assertTrue(m.isTraining() && m.get(2).isTraining() && !m.get(0).isTraining(), "modes are restored");
        assertTrue(b.toString().contains("p99") && b.toString().contains("samples/s"), b.toString());
    }

    @Test
    void customInputsServeIndexModels() {
        Embedding e = new Embedding(10, 4, null, null, 2.0, false, new Generator(6));
        Benchmark b = Benchmark.run(e, batch -> Tensor.ofLongs(new long[batch], batch), new int[] {3}, 0, 3);
        assertEquals(3, b.rows().get(0).batchSize());
        assertFalse(b.rows().get(0).p99Micros() < b.rows().get(0).p50Micros());
    }

    @Test
    void badArgumentsAreRefused() {
        Linear l = new Linear(2, 2);
        assertThrows(IllegalArgumentException.class, () -> Benchmark.run(l, new int[] {2}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> Benchmark.run(l, new int[] {2}, new int[] {}));
        assertThrows(IllegalArgumentException.class, () -> Benchmark.run(l, new int[] {2}, new int[] {1}, 0, 0));
    }
}
