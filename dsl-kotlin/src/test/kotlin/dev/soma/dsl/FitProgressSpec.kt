package dev.soma.dsl

import dev.soma.data.DataLoader
import dev.soma.data.TensorDataset
import dev.soma.tensor.Generator
import dev.soma.tensor.Tensor
import dev.soma.train.TrainingListener
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.io.ByteArrayOutputStream
import java.io.PrintStream

class FitProgressSpec : FunSpec({
    class Recorder : TrainingListener {
        val events = mutableListOf<String>()
        override fun onEpochStart(epoch: Int, epochs: Int, batches: Int) { events += "start $epoch/$epochs ($batches batches)" }
        override fun onBatch(epoch: Int, batch: Int, batches: Int, running: Map<String, Double>, samplesPerSecond: Double) {
            events += "batch $epoch.$batch"
        }
        override fun onEpochEnd(epoch: Int, epochs: Int, logs: Map<String, Double>, seconds: Double, samplesPerSecond: Double) {
            events += "end $epoch ${logs.keys}"
        }
    }

    fun data() = DataLoader.builder(TensorDataset(randn(8, 2, generator = Generator(3)), Tensor.randint(Generator(4), 0, 2, 8)))
        .batchSize(4).build()

    fun stdout(block: () -> Unit): String {
        val out = ByteArrayOutputStream()
        val saved = System.out
        System.setOut(PrintStream(out, true))
        try { block() } finally { System.setOut(saved) }
        return out.toString()
    }

    afterEach { FitProgress.display = null }

    test("an installed display receives fit's progress in place of the console lines") {
        val made = mutableListOf<Recorder>()
        FitProgress.display = { Recorder().also { made += it } }
        val printed = stdout { network(input = shape(2), generator = Generator(1)) { linear(2) }.fit(data(), epochs = 2) }
        printed shouldBe ""
        made.size shouldBe 1
        made[0].events shouldBe listOf("start 0/2 (2 batches)", "batch 0.0", "batch 0.1", "end 0 [loss, accuracy]",
            "start 1/2 (2 batches)", "batch 1.0", "batch 1.1", "end 1 [loss, accuracy]")
    }

    test("progress = false silences the installed display too, and without one fit prints a line per epoch") {
        var calls = 0
        FitProgress.display = { calls++; Recorder() }
        stdout { network(input = shape(2), generator = Generator(1)) { linear(2) }.fit(data(), epochs = 1) { progress = false } } shouldBe ""
        calls shouldBe 0
        FitProgress.display = null
        val lines = stdout { network(input = shape(2), generator = Generator(1)) { linear(2) }.fit(data(), epochs = 2) }.trim().lines()
        lines.map { it.substringBefore("  ") } shouldBe listOf("epoch 1/2", "epoch 2/2")
    }
})
