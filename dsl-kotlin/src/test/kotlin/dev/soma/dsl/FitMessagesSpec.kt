package dev.soma.dsl

import dev.soma.data.TensorDataset
import dev.soma.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** What a Kotlin user sees when a network built without flatten() meets images in fit. */
class FitMessagesSpec : FunSpec({
    test("a forgotten flatten() is reported with the epoch, the batch, the layer's position and a hint") {
        val images = TensorDataset(zeros(8, 1, 28, 28), Tensor.ofLongs(LongArray(8), 8))
        val model = network { linear(784, 10) }
        val e = shouldThrow<IllegalArgumentException> { model.fit(dataLoader(images, batchSize = 4), epochs = 1) { progress = false } }
        e.message shouldBe "Trainer.fit: epoch 1, batch 1: Sequential[0] Linear(in_features=784, out_features=10, bias=True): expected input " +
            "(*, 784), got [4, 1, 28, 28]; missing flatten()? each sample's [1, 28, 28] holds 784 = in_features values"
    }
})
