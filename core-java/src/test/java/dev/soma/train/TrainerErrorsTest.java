package dev.soma.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.DataLoader;
import dev.soma.data.TensorDataset;
import dev.soma.nn.CrossEntropyLoss;
import dev.soma.nn.Linear;
import dev.soma.nn.Sequential;
import dev.soma.optim.SGD;
import dev.soma.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** An error during fit names the epoch and the batch (or validation) in front of the layer's own message. */
class TrainerErrorsTest {
    private static Trainer trainer(Sequential m) {
        return Trainer.builder().loss(new CrossEntropyLoss()).optimizer(new SGD(m.parameters(), 0.1)).progress(false).build();
    }

    @Test
    void aShapeErrorInTrainingNamesEpochBatchPositionAndHint() {
        var model = new Sequential(new Linear(4, 3));
        // 10 samples of 2×2 (4 values: a forgotten flatten), batches of 4.
        var data = DataLoader.builder(new TensorDataset(Tensor.zeros(10, 2, 2), Tensor.zeros(10).to(dev.soma.tensor.DType.INT64)))
                .batchSize(4).build();
        var e = assertThrows(IllegalArgumentException.class, () -> trainer(model).fit(model, data, 2));
        assertEquals("Trainer.fit: epoch 1, batch 1: Sequential[0] Linear(in_features=4, out_features=3, bias=True): expected input (*, 4), "
                + "got [4, 2, 2]; missing flatten()? each sample's [2, 2] holds 4 = in_features values", e.getMessage());
        assertTrue(e.getCause().getMessage().startsWith("Sequential[0] Linear"), e.getCause().getMessage());
    }

    @Test
    void aLaterBatchAndALossErrorAreNamedToo() {
        var model = new Sequential(new Linear(2, 3));
        Tensor x = Tensor.zeros(6, 2);
        long[] labels = {0, 1, 2, 0, 1, 7};    // class 7 of 3, in the third batch of 2
        var data = DataLoader.builder(new TensorDataset(x, Tensor.ofLongs(labels, 6))).batchSize(2).build();
        var e = assertThrows(IllegalArgumentException.class, () -> trainer(model).fit(model, data, 1));
        assertEquals("Trainer.fit: epoch 1, batch 3: cross_entropy: target 7 is out of bounds for 3 classes", e.getMessage());
    }

    @Test
    void aValidationErrorSaysSo() {
        var model = new Sequential(new Linear(2, 3));
        var train = DataLoader.builder(new TensorDataset(Tensor.zeros(4, 2), Tensor.ofLongs(new long[] {0, 1, 2, 0}, 4))).batchSize(2).build();
        var val = DataLoader.builder(new TensorDataset(Tensor.zeros(4, 5), Tensor.ofLongs(new long[] {0, 1, 2, 0}, 4))).batchSize(2).build();
        var e = assertThrows(IllegalArgumentException.class, () -> trainer(model).fit(model, train, val, 1));
        assertTrue(e.getMessage().startsWith("Trainer.fit: epoch 1, validation: Sequential[0] Linear(in_features=2"), e.getMessage());
    }
}
