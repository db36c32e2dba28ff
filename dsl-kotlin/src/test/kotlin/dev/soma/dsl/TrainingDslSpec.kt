package dev.soma.dsl

import dev.soma.data.DataLoader
import dev.soma.data.TensorDataset
import dev.soma.tensor.DType
import dev.soma.tensor.Generator
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeGreaterThan
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class TrainingDslSpec : FunSpec({
    fun blobs(n: Int, seed: Long): TensorDataset {
        val g = Generator(seed)
        val y = dev.soma.tensor.Tensor.randint(g, 0, 2, n)
        val centre = y.to(DType.FLOAT32).mul(4f).sub(2f).unsqueeze(1).expand(n, 2)
        return TensorDataset(randn(n, 2, generator = g).mul(0.5f).add(centre), y)
    }

    test("fit trains end to end with an optimizer, a loss, validation, a scheduler and callbacks") {
        val model = network(input = shape(2), generator = Generator(1)) { linear(16); relu(); linear(2) }
        val train = DataLoader.builder(blobs(256, 2)).batchSize(32).shuffle(1).build()
        val test = DataLoader.builder(blobs(128, 3)).batchSize(64).build()
        val history = model.fit(train, epochs = 6) {
            optimizer = adam(lr = 1e-2)
            loss = crossEntropy()
            scheduler = stepLR(stepSize = 3, gamma = 0.5)
            validate(test)
            callbacks += earlyStopping(patience = 3)
            progress = false
        }
        history.metricNames() shouldBe listOf("loss", "accuracy", "val_loss", "val_accuracy")
        history.last("val_accuracy") shouldBeGreaterThan 0.95
        history.values("loss").last() shouldBeLessThan history.values("loss").first()
        model.evaluate(test)["accuracy"]!! shouldBeGreaterThan 0.95
        model.predict(randn(3, 2)).shape shouldBe listOf(3, 2)
        model.summary(shape(2)).toString() shouldContain "Linear"
    }

    test("every optimizer factory builds its torch.optim counterpart") {
        val model = network { linear(2, 2) }
        for (spec in listOf(sgd(lr = 0.1, momentum = 0.9), adam(), adamW(), adagrad(), rmsprop(), adamax(), adadelta(), nadam(), radam(),
                adaBound(), lion())) {
            spec.create(model.parameters()).javaClass.simpleName shouldBe spec.name
        }
    }
})
