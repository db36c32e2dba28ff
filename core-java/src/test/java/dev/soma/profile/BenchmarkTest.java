package dev.soma.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.nn.Dropout;
import dev.soma.nn.Linear;
import dev.soma.nn.Sequential;
import org.junit.jupiter.api.Test;

class BenchmarkTest {
    @Test
    void reportsOrderedPercentilesAndThroughputPerBatchSize() {
        Sequential m = new Sequential(new Linear(16, 8), new Dropout(0.5));
        Benchmark b = Benchmark.run(m, new int[] {16}, new int[] {1, 8}, 0.05);
        assertEquals(2, b.rows().size());
        for (Benchmark.Row r : b.rows()) {
            assertTrue(r.p50Micros() > 0 && r.p50Micros() <= r.p90Micros() && r.p90Micros() <= r.p99Micros(), r.toString());
            assertEquals(r.batchSize() / (r.p50Micros() * 1e-6), r.samplesPerSecond(), 1e-6 * r.samplesPerSecond());
            assertTrue(r.calls() >= 10);
        }
        assertTrue(m.isTraining(), "the model's mode is restored");
        assertTrue(b.toString().contains("p99"));
        assertThrows(IllegalArgumentException.class, () -> Benchmark.run(m, new int[] {16}, new int[] {0}, 0.01));
    }
}
