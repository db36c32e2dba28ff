package dev.soma.samples.spiral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class SpiralSampleTest {
    @Test
    void theNetworkLearnsTheSpirals() {
        SpiralSample.Result r = SpiralSample.train(100, 1000, 7, false);
        assertTrue(r.finalLoss() < r.firstLoss() / 4, "loss should fall well below its start: " + r);
        assertTrue(r.accuracy() > 0.9f, "a 64-unit ReLU network separates three spirals: " + r);
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        assertEquals(SpiralSample.train(50, 50, 3, false), SpiralSample.train(50, 50, 3, false));
    }
}
