package dev.soma.train;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.soma.data.DataLoader;
import dev.soma.data.FashionMnist;
import dev.soma.data.TensorDataset;
import dev.soma.nn.CrossEntropyLoss;
import dev.soma.nn.Flatten;
import dev.soma.nn.Linear;
import dev.soma.nn.ReLU;
import dev.soma.nn.Sequential;
import dev.soma.optim.Adam;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The W3 recipe: 784 → 256 → ReLU → 128 → ReLU → 10, Adam lr 1e-3, batch 64, two epochs on Fashion-MNIST. */
@Tag("slow")
class FashionMnistTrainingTest {
    @Test
    void twoEpochsReachEightyFourPercent() throws Exception {
        Optional<Path> dir = FashionMnist.locate(null);
        assumeTrue(dir.isPresent(), "Fashion-MNIST not found, test skipped. " + FashionMnist.HOW_TO_GET);
        FashionMnist.Splits data = FashionMnist.load(dir.get());
        Generator g = new Generator(0);
        Sequential model = new Sequential(new Flatten(), new Linear(784, 256, true, g), new ReLU(), new Linear(256, 128, true, g),
                new ReLU(), new Linear(128, 10, true, g));
        Trainer trainer = Trainer.builder().loss(new CrossEntropyLoss()).optimizer(new Adam(model.parameters(), 1e-3))
                .metrics(TopKAccuracy.accuracy()).progress(false).build();
        TensorDataset train = normalized(data.train()), test = normalized(data.test());
        History h = trainer.fit(model, DataLoader.builder(train).batchSize(64).shuffle(0).build(),
                DataLoader.builder(test).batchSize(1000).build(), 2);
        double accuracy = h.last("val_accuracy");
        assertTrue(accuracy >= 0.84, "test accuracy after 2 epochs: " + accuracy);
    }

    /** (x − 0.2860) / 0.3530, the dataset's mean and standard deviation, as the PyTorch side of W3 does. */
    static TensorDataset normalized(TensorDataset d) {
        Tensor x = d.tensor(0).sub(0.2860f).div(0.3530f);
        return new TensorDataset(x, d.tensor(1));
    }
}
