package dev.soma.spark

import dev.soma.data.DataLoader
import dev.soma.dsl.adam
import dev.soma.dsl.evaluate
import dev.soma.dsl.fit
import dev.soma.dsl.network
import dev.soma.dsl.sgd
import dev.soma.dsl.shape
import dev.soma.dsl.stepLR
import dev.soma.train.Callback
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe

/** The Kotlin entry gives what single-process `fit` gives with the same settings. */
class SparkFitSpec : FunSpec({
    val sc = Fixtures.context("local[2]")
    afterSpec { sc.stop() }

    fun mlp() = network(input = shape(6)) { linear(8); relu(); linear(3) }

    test("sparkFit with Adam and a StepLR equals fit on one process") {
        val data = Fixtures.data(40, 6, 3, 11)
        val reference = mlp()
        val distributed = Fixtures.sameWeights(mlp(), reference)
        val loader = DataLoader.builder(data).batchSize(10).shuffle(5).prefetch(0).build()
        val expected = reference.fit(loader, epochs = 2) {
            optimizer = adam(lr = 1e-2); scheduler = stepLR(stepSize = 1, gamma = 0.5); progress = false; metrics.clear()
        }
        val result = distributed.sparkFit(sc, sc.parallelize(SparkSample.of(data), 2), epochs = 2) {
            optimizer = adam(lr = 1e-2); scheduler = stepLR(stepSize = 1, gamma = 0.5)
            input = shape(6); batchSize = 10; shuffle = 5; progress = false
        }
        Fixtures.assertClose(reference, distributed, 1e-5)
        result.model() shouldBe distributed
        result.history().epochs() shouldBe 2
        result.history().last("loss") shouldBe (expected.last("loss") plusOrMinus 1e-5)
    }

    test("sparkFit validates on the driver and infers a flat input") {
        val data = Fixtures.data(30, 6, 3, 12)
        val model = mlp()
        val test = DataLoader.builder(Fixtures.data(12, 6, 3, 13)).batchSize(6).build()
        val history = model.sparkFit(sc, sc.parallelize(SparkSample.of(data), 2), epochs = 1) {
            optimizer = sgd(lr = 0.1); batchSize = 10; progress = false; validate(test)
        }.history()
        history.metricNames() shouldBe listOf("loss", "accuracy", "val_loss", "val_accuracy")
        history.last("val_accuracy") shouldBe model.evaluate(test)["accuracy"]!!
    }

    test("callbacks run on the driver: early stopping ends the run after the epoch it asks to") {
        val data = Fixtures.data(30, 6, 3, 14)
        val seen = mutableListOf<String>()
        val recorder = object : Callback {
            override fun onEpochBegin(epoch: Int) { seen += "begin $epoch" }
            override fun onBatchEnd(epoch: Int, batch: Int, loss: Double) { seen += "batch $epoch.$batch" }
            override fun onEpochEnd(epoch: Int, logs: Map<String, Double>, control: Callback.Control) {
                seen += "end $epoch ${logs.keys}"
                if (epoch == 1) control.stopTraining("enough")
            }
        }
        val history = mlp().sparkFit(sc, sc.parallelize(SparkSample.of(data), 2), epochs = 5) {
            optimizer = sgd(lr = 0.1); batchSize = 15; progress = false; callbacks += recorder
        }.history()
        history.epochs() shouldBe 2
        seen shouldBe listOf("begin 0", "batch 0.0", "batch 0.1", "end 0 [loss, accuracy]", "begin 1", "batch 1.0", "batch 1.1", "end 1 [loss, accuracy]")
    }
})
