package dev.soma.spark.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.spark.scaling.ScalingModel.Exchange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cost model on values checkable by hand, and the simulation's claim about the W4a-sized model with compute measured now. */
class ScalingModelTest {
    // α 1 ms, β 1 MB/s, σ0 10 ms, σ1 1 ms, γ 4 MB/s: a 250,000-parameter model is S = 1 MB.
    private final ScalingModel paper = new ScalingModel(1e-3, 1e6, 10e-3, 1e-3, 4e6);

    @Test void overheadsOnPaper() {
        // driver, N = 3: σ 10 + 3 ms; broadcast 2 hops of 1 ms + 1 s; gather 1 ms + 3 s; serialization 4·2·1 MB / 4 MB/s = 2 s
        assertEquals(0.013 + 1.002 + 3.001 + 2.0, paper.overhead(Exchange.DRIVER, 250_000, 3), 1e-9);
        // ring, N = 4: 6 messages of α and 2·3/4 of S
        assertEquals(0.006 + 1.5, paper.overhead(Exchange.RING, 250_000, 4), 1e-9);
        assertEquals(0, paper.overhead(Exchange.RING, 250_000, 1));
        // tree, N = 4: fan 2; 2σ0 + 4σ1 + broadcast (3 hops + 1 s) + 2(α + 2 s) + 4·S/γ·3 = 3 s
        assertEquals(0.020 + 0.004 + 1.003 + 4.002 + 3.0, paper.overhead(Exchange.TREE, 250_000, 4), 1e-9);
    }

    @Test void efficiencyAndTheSmallestBatchThatReachesIt() {
        double overhead = paper.overhead(Exchange.RING, 250_000, 4);             // 1.506 s
        assertEquals(10 * 0.1 / (10 * 0.1 + overhead), paper.efficiency(Exchange.RING, 250_000, 4, 10, 0.1), 1e-12);
        int b = paper.minPerWorkerBatch(Exchange.RING, 250_000, 4, 0.1, 0.9);    // 9 · 1.506 / 0.1 = 135.5 → 136
        assertEquals(136, b);
        assertTrue(paper.efficiency(Exchange.RING, 250_000, 4, b, 0.1) >= 0.9);
        assertTrue(paper.efficiency(Exchange.RING, 250_000, 4, b - 1, 0.1) < 0.9);
        assertEquals("ScalingModel: target efficiency must be in (0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> paper.minPerWorkerBatch(Exchange.RING, 1, 2, 1, 1.0)).getMessage());
    }

    /** More workers never make the driver's exchange cheaper; the ring's per-step bytes stay under 2·S at any N. */
    @Test void overheadGrowsWithWorkers() {
        for (Exchange e : Exchange.values())
            for (int n = 1; n < 64; n++) assertTrue(paper.overhead(e, 1_000_000, n + 1) >= paper.overhead(e, 1_000_000, n), e + " at " + n);
        assertTrue(paper.overhead(Exchange.RING, 250_000, 64) < 2 + 64 * 2 * 1e-3);
    }

    /**
     * The goal of the issue, 0.9 efficiency on 8 workers for the W4a-sized model, with this machine's compute per sample,
     * a 10 Gb/s network and the nominal cluster's 20 ms job floor (at half its serialization rate): this module's design
     * reaches it once each worker takes a batch of a few dozen samples, a global batch far below the 8,192 images up to
     * which large-batch SGD with warm-up trains ResNets as well as small batches (Goyal et al., 2017).
     */
    @Test void w4aReachesNinetyPercentOnEightWorkersWithinItsBatchLimit() {
        double perSample = ComputeCost.w4a(4, 3);
        ScalingModel cluster = ScalingModel.tenGigabit(ScalingReport.NOMINAL_SIGMA0, ScalingReport.SIGMA1, ScalingReport.NOMINAL_GAMMA / 2);
        int b = cluster.minPerWorkerBatch(Exchange.DRIVER, ComputeCost.W4A_PARAMS, 8, perSample, 0.9);
        assertTrue(8 * b <= 8192, "W4a needs a global batch of " + 8 * b + " for 0.9 on 8 workers (" + perSample * 1e3 + " ms per sample)");
        assertTrue(cluster.efficiency(Exchange.DRIVER, ComputeCost.W4A_PARAMS, 8, b, perSample) >= 0.9);
        String table = ScalingReport.table(cluster, List.of(new ScalingReport.Workload("W4a", ComputeCost.W4A_PARAMS, 32, perSample)));
        assertEquals(4 + 2, table.lines().count());
        assertTrue(table.contains("| W4a | 73,984 | 8 | 256 |"), table);
    }
}
