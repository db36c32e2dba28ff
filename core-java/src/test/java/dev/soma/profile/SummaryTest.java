package dev.soma.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.nn.Bilinear;
import dev.soma.nn.Embedding;
import dev.soma.nn.Flatten;
import dev.soma.nn.Linear;
import dev.soma.nn.Maxout;
import dev.soma.nn.ReLU;
import dev.soma.nn.Sequential;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {
    @Test
    void theCifarMlpHasItsTextbookCounts() {
        Sequential mlp = new Sequential(new Linear(3072, 100), new ReLU(), new Linear(100, 10));
        Summary s = Summary.of(mlp, 1, 3072);
        assertEquals(308_310, s.parameters());
        assertEquals(308_310, s.trainableParameters());
        assertEquals(4 * 308_310, s.modelSizeBytes());
        assertEquals(3072 * 100 + 100 * 10, s.macs());
        assertEquals(2L * s.macs(), s.flops());
        List<Summary.Row> rows = s.rows();
        assertEquals(List.of("0", "1", "2"), rows.stream().map(Summary.Row::name).toList());
        assertEquals(List.of("Linear", "ReLU", "Linear"), rows.stream().map(Summary.Row::type).toList());
        assertArrayEquals(new int[] {1, 100}, rows.get(1).outputShape());
        assertEquals(307_300, rows.get(0).parameters());
        assertEquals(4L * (100 + 100 + 10), s.activationBytes());
        assertEquals(64L * (3072 * 100 + 100 * 10), Summary.of(mlp, 64, 3072).macs(), "MACs scale with the batch");
        String table = s.toString();
        assertTrue(table.contains("308,310") && table.contains("307,300") && table.contains("[1, 100]"), table);
    }

    @Test
    void everyLayerTypeCountsItsProducts() {
        assertEquals(5L * 7 * 4 * 3, Summary.of(new Sequential(new Linear(4, 3)), 5, 7, 4).macs(), "Linear over leading dims");
        assertEquals(2L * 4 * 3 * 5, Summary.of(new Sequential(new Maxout(4, 3, 5)), 2, 4).macs(), "Maxout: all pieces");
        assertEquals(0, Summary.of(new Sequential(new Flatten(), new ReLU()), 2, 3, 4).macs());
        assertEquals(6L * 4 * 5 * 3, Summary.macs(new Bilinear(4, 5, 3), new int[] {6, 4}, new int[] {6, 3}), "Bilinear");
        Sequential emb = new Sequential(new Embedding(10, 4));
        assertEquals(40, emb.parameterCount());
        assertEquals(0, Summary.macs(emb.children().get(0), new int[] {3}, new int[] {3, 4}), "a lookup multiplies nothing");
    }

    @Test
    void frozenParametersAreCountedApartAndTrainingKeepsMoreAlive() {
        Sequential m = new Sequential(new Linear(8, 16), new ReLU(), new Linear(16, 2));
        m.children().get(0).requiresGrad(false);
        Summary s = Summary.of(m, 4, 8);
        assertEquals(8 * 16 + 16, s.frozenParameters());
        assertEquals(16 * 2 + 2, s.trainableParameters());
        // The frozen first layer records no graph: backward keeps only the ReLU output (the second layer's input) and the output.
        assertEquals(4L * (4 * 16 + 4 * 2), s.trainingActivationBytes(), s.toString());
        Sequential all = new Sequential(new Linear(8, 16), new ReLU(), new Linear(16, 2));
        Summary t = Summary.of(all, 4, 8);
        assertTrue(t.trainingActivationBytes() > s.trainingActivationBytes(), t.toString());
    }
}
