package dev.soma.dsl

import dev.soma.data.TensorDataset
import dev.soma.serialization.ModelFormatException
import dev.soma.tensor.Generator
import dev.soma.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import kotlin.io.path.listDirectoryEntries
import kotlin.io.path.name

/** fit { checkpoint(…) } and fit { resumeFrom(…) }: a run saved after epoch k and resumed in fresh objects ends bit for bit where an uninterrupted one does. */
class FitCheckpointSpec : FunSpec({
    // Generated data: 3 classes in 4-D, 48 samples.
    fun data(): TensorDataset {
        val g = Generator(11)
        return TensorDataset(randn(48, 4, generator = g), Tensor.randint(g, 0, 3, 48))
    }
    fun model() = network(input = shape(4), generator = Generator(1)) { linear(8); relu(); dropout(0.0); linear(3) }
    fun loader() = dataLoader(data(), batchSize = 10, shuffle = true, seed = 7)
    // Adam (moments and step counts) on a per-epoch schedule: every part of the state matters.
    fun FitConfig.settings() {
        optimizer = adam(lr = 1e-2)
        scheduler = stepLR(stepSize = 1, gamma = 0.7)
        progress = false
    }
    fun weights(m: dev.soma.nn.Module) = m.stateDict().mapValues { it.value.toFloatArray().toList() }

    // Weights and dropout masks drawn from the default generator.
    fun defaultModel() = network(input = shape(4)) { linear(8); relu(); dropout(0.3); linear(3) }

    test("resuming from the checkpoint after epoch 2 ends with exactly the weights of an uninterrupted run") {
        Generator.manualSeed(3)
        val straight = defaultModel()
        val full = straight.fit(loader(), epochs = 5) { settings() }

        val dir = tempdir("soma-fit").toPath()
        Generator.manualSeed(3)
        val first = defaultModel()
        first.fit(loader(), epochs = 2) { settings(); checkpoint(dir, every = 1) }
        dir.listDirectoryEntries().map { it.name }.sorted() shouldBe listOf("epoch-1.safetensors", "epoch-2.safetensors")

        Generator.manualSeed(99)    // a fresh model with other weights and another default-generator state: the file restores both
        val resumed = defaultModel()
        weights(resumed) shouldNotBe weights(straight)
        val history = resumed.fit(loader(), epochs = 5) { settings(); resumeFrom(dir.resolve("epoch-2.safetensors")) }

        weights(resumed) shouldBe weights(straight)
        history.epochs() shouldBe 5
        history.values("loss").toList() shouldBe full.values("loss").toList()
    }

    test("a generator the network's dropout draws from is saved and restored by name") {
        fun run(g: Generator) = network(input = shape(4), generator = g) { linear(8); relu(); dropout(0.5); linear(3) }
        val straight = run(Generator(5))
        straight.fit(loader(), epochs = 3) { settings() }

        val dir = tempdir("soma-fit").toPath()
        val g = Generator(5)
        run(g).fit(loader(), epochs = 1) { settings(); checkpoint(dir, generators = mapOf("dropout" to g)) }
        val other = Generator(77)
        val resumed = run(other)
        resumed.fit(loader(), epochs = 3) { settings(); resumeFrom(dir.resolve("epoch-1.safetensors"), generators = mapOf("dropout" to other)) }
        weights(resumed) shouldBe weights(straight)
    }

    test("a checkpoint every 2 epochs, and resuming at the last epoch trains nothing more") {
        val dir = tempdir("soma-fit").toPath()
        val m = model()
        m.fit(loader(), epochs = 5) { settings(); checkpoint(dir, every = 2) }
        dir.listDirectoryEntries().map { it.name }.sorted() shouldBe listOf("epoch-2.safetensors", "epoch-4.safetensors")
        val again = model()
        val h = again.fit(loader(), epochs = 4) { settings(); resumeFrom(dir.resolve("epoch-4.safetensors")) }
        h.epochs() shouldBe 4
        shouldThrow<IllegalArgumentException> { m.fit(loader(), epochs = 1) { checkpoint(dir, every = 0) } }.message shouldContain "every"
    }

    test("resuming with another kind of optimizer is refused, naming both") {
        val dir = tempdir("soma-fit").toPath()
        model().fit(loader(), epochs = 1) { settings(); checkpoint(dir) }
        val e = shouldThrow<ModelFormatException> {
            model().fit(loader(), epochs = 2) { optimizer = sgd(lr = 0.1); progress = false; resumeFrom(dir.resolve("epoch-1.safetensors")) }
        }
        e.message shouldContain "Adam"
        e.message shouldContain "SGD"
        Files.exists(dir.resolve("epoch-2.safetensors")) shouldBe false
    }
})
