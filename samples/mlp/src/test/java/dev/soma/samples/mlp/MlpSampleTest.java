package dev.soma.samples.mlp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class MlpSampleTest {
    @Test
    void bothOptimizersLearnTheClasses() {
        for (String opt : new String[] {"adam", "sgd"}) {
            MlpSample.Result r = MlpSample.train(opt, 2, 1, false);
            assertTrue(r.epochLoss()[1] < r.epochLoss()[0] / 2, opt + ": the loss should fall: " + java.util.Arrays.toString(r.epochLoss()));
            assertTrue(r.testAccuracy() > 0.9f, opt + ": held-out accuracy " + r.testAccuracy());
        }
    }
}
