package dev.soma.samples.sort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SortSampleTest {
    @TempDir Path out;

    @Test
    void heldOutSequencesNeverOccurInTraining() {
        Tensor test = SortSample.sequences(500, new Generator(1), Set.of());
        Tensor train = SortSample.sequences(5_000, new Generator(1), SortSample.encoded(test));   // same stream on purpose
        Set<Long> testCodes = SortSample.encoded(test), trainCodes = SortSample.encoded(train);
        assertEquals(500, testCodes.size());
        assertEquals(5_000, trainCodes.size());
        trainCodes.retainAll(testCodes);
        assertTrue(trainCodes.isEmpty(), "overlap: " + trainCodes);
    }

    @Test
    void targetsAreTheRowsSorted() {
        Tensor x = Tensor.ofLongs(new long[] {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, 2, 10);
        assertArrayEquals(new long[] {1, 1, 2, 3, 3, 4, 5, 5, 6, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, SortSample.sorted(x).toLongArray());
    }

    @Tag("slow")
    @Test
    void theEncoderSortsHeldOutSequencesAndTheSavedModelScoresTheSame() throws Exception {
        SortSample.Result r = SortSample.run(4, 10_000, out, false);
        assertTrue(r.tokenAccuracy() >= 0.99, "held-out per-token accuracy: " + r.tokenAccuracy());
        assertEquals(r.tokenAccuracy(), r.reloadedTokenAccuracy(), 1e-9, "the reloaded model scores the same");
    }
}
