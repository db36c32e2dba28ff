package dev.soma.dsl

import dev.soma.data.FashionMnist
import io.kotest.core.NamedTag
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files

/** The README's data, summary, checkpoint and history snippet (see README "Kotlin"), run as written on Fashion-MNIST. */
class ReadmeDataSpec : FunSpec({
    test("the README data snippet trains, resumes and prints the summary, the history table and allclose")
        .config(tags = setOf(NamedTag("slow")), enabledIf = { FashionMnist.locate(null).isPresent }) {
        val out = ByteArrayOutputStream()
        val saved = System.out
        System.setOut(PrintStream(out, true))
        try {
            readmeData()
        } finally {
            System.setOut(saved)
        }
        val text = out.toString()
        text shouldContain "Linear"
        val lines = text.lines()
        val header = lines.indexOf("epoch    loss  accuracy  val_loss  val_accuracy")    // progress lines read "epoch 1/2 …"
        (header >= 0) shouldBe true
        lines[header + 1] shouldStartWith "    1  "
        lines[header + 2] shouldStartWith "    2  "
        lines.last { it.isNotBlank() } shouldBe "true"
    }
})

// The snippet exactly as in README.md.
private fun readmeData() {
    val (train, test) = fashionMnist(download = true)                  // inputs (N, 1, 28, 28) in [0, 1], int64 labels
    val trainLoader = dataLoader(train, batchSize = 64, shuffle = true, seed = 1)
    val testLoader = dataLoader(test, batchSize = 1000)
    val model = network(input = shape(1, 28, 28)) { flatten(); linear(128); relu(); linear(10) }
    println(model.summary())                                            // layers, shapes, parameters, MACs
    val dir = Files.createTempDirectory("checkpoints")
    model.fit(trainLoader, epochs = 1) { validate(testLoader); checkpoint(dir, every = 1) }
    val again = network(input = shape(1, 28, 28)) { flatten(); linear(128); relu(); linear(10) }
    val history = again.fit(trainLoader, epochs = 2) { validate(testLoader); resumeFrom(dir.resolve("epoch-1.safetensors")) }
    println(history)                                                    // a table: epoch, loss, accuracy, val_loss, val_accuracy
    println(tensorOf(1f, 2f) allclose tensorOf(1f, 2.000001f))          // true (torch.allclose: rtol 1e-5, atol 1e-8)
}
