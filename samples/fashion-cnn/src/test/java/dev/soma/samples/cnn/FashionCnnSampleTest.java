package dev.soma.samples.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.FashionMnist;
import dev.soma.profile.Summary;
import dev.soma.tensor.Generator;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionCnnSampleTest {
    @TempDir Path out;

    @Test
    void theSummaryCountsEveryLayersMacs() {
        Summary s = Summary.of(FashionCnnSample.model(new Generator(0)), 1, 1, 28, 28);
        long conv = 9L * 1 * 32 * 28 * 28;                                   // 3×3, 1 → 32 at 28×28
        long sep1 = 9L * 32 * 14 * 14 + 32L * 64 * 14 * 14;                  // depthwise then pointwise at 14×14
        long sep2 = 9L * 64 * 7 * 7 + 64L * 128 * 7 * 7;                     // at 7×7
        long linear = 128L * 7 * 7 * 10;
        assertEquals(conv + sep1 + sep2 + linear, s.macs());
        assertTrue(s.toString().contains("SeparableConv2d"), s.toString());
    }

    @Tag("slow")
    @Test
    void threeEpochsReachNinetyPercentAndTheSavedModelEvaluatesTheSame() throws Exception {
        Optional<Path> dir = FashionMnist.locate(null);
        Assumptions.assumeTrue(dir.isPresent(), "Fashion-MNIST is not installed");
        FashionCnnSample.Result r = FashionCnnSample.run(FashionCnnSample.data(dir.get()), 3, out, false);
        assertTrue(r.testAccuracy() >= 0.90, "test accuracy after 3 epochs: " + r.testAccuracy());
        assertEquals(r.testAccuracy(), r.reloadedAccuracy(), 1e-6, "the reloaded model evaluates the same");
    }
}
