package dev.soma.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.nn.CrossEntropyLoss;
import dev.soma.nn.Linear;
import dev.soma.nn.Reduction;
import dev.soma.optim.SGD;
import org.junit.jupiter.api.Test;

/** What the trainer refuses before any Spark job runs. */
class SparkTrainerOptionsTest {
    private final SGD sgd = new SGD(new Linear(2, 2).parameters(), 0.1);

    @Test void missingPartsAreNamed() {
        assertEquals("SparkTrainer: no loss set",
                assertThrows(IllegalStateException.class, () -> SparkTrainer.builder().optimizer(sgd).inputShape(2).build()).getMessage());
        assertEquals("SparkTrainer: no optimizer set",
                assertThrows(IllegalStateException.class, () -> SparkTrainer.builder().loss(new CrossEntropyLoss()).inputShape(2).build()).getMessage());
        assertEquals("SparkTrainer: no input shape set (the shape of one sample, e.g. 1, 28, 28)",
                assertThrows(IllegalStateException.class, () -> SparkTrainer.builder().loss(new CrossEntropyLoss()).optimizer(sgd).build()).getMessage());
    }

    @Test void badValuesAreRefused() {
        var none = new CrossEntropyLoss(null, -100, Reduction.NONE, 0.0);
        assertEquals("SparkTrainer: the loss must reduce to a scalar (reduction 'mean' or 'sum'), got 'none'",
                assertThrows(IllegalArgumentException.class, () -> SparkTrainer.builder().loss(none).optimizer(sgd).inputShape(2).build()).getMessage());
        assertEquals("SparkTrainer: batch_size should be a positive integer, got 0",
                assertThrows(IllegalArgumentException.class, () -> SparkTrainer.builder().batchSize(0)).getMessage());
        assertEquals("SparkTrainer: need at least one worker, got 0",
                assertThrows(IllegalArgumentException.class, () -> SparkTrainer.builder().workers(0)).getMessage());
        assertEquals("SparkTrainer: bad input shape [1, 0]",
                assertThrows(IllegalArgumentException.class, () -> SparkTrainer.builder().inputShape(1, 0)).getMessage());
        assertEquals("SparkSample: features must not be null",
                assertThrows(IllegalArgumentException.class, () -> new SparkSample(null, 1)).getMessage());
    }
}
