package dev.soma.dsl

import dev.soma.data.TensorDataset
import dev.soma.tensor.Generator
import dev.soma.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith

class SummaryAndComparisonsSpec : FunSpec({
    test("summary() uses the input shape the network was built with, and summary(shape) still works") {
        val model = network(input = shape(1, 4, 4)) { flatten(); linear(3); relu(); linear(2) }
        model.inputShape().toList() shouldBe listOf(1, 4, 4)
        model.summary().macs() shouldBe 16L * 3 + 3 * 2
        model.summary().toString() shouldBe model.summary(shape(1, 4, 4)).toString()
        val e = shouldThrow<IllegalArgumentException> { network { linear(4, 2) }.summary() }
        e.message shouldStartWith "summary(): Sequential was built without an input shape"
    }

    test("allclose and isclose follow torch.allclose/isclose, broadcasting, NaN only equal with equalNan") {
        val a = tensorOf(1f, 2f, Float.NaN)
        (a allclose tensorOf(1f, 2.00001f, Float.NaN)) shouldBe false
        a.allclose(tensorOf(1f, 2.00001f, Float.NaN), equalNan = true) shouldBe true
        a.isclose(tensorOf(1.0001f, 2f, Float.NaN)).toBooleanArray().toList() shouldBe listOf(false, true, false)
        a.isclose(tensorOf(1.0001f, 2f, Float.NaN), rtol = 1e-3, equalNan = true).toBooleanArray().toList() shouldBe listOf(true, true, true)
        (tensorOf(3f, 3f, 3f, 3f, shape = intArrayOf(2, 2)) allclose tensorOf(3f)) shouldBe true
        tensorOf(0f).allclose(tensorOf(1e-6f), atol = 1e-5) shouldBe true
    }

    test("println(history) shows the epochs as a table") {
        val g = Generator(2)
        val data = dataLoader(TensorDataset(randn(16, 2, generator = g), Tensor.randint(g, 0, 2, 16)), batchSize = 8)
        val history = network(input = shape(2), generator = Generator(1)) { linear(2) }.fit(data, epochs = 2) { progress = false }
        val lines = history.toString().lines()
        lines[0] shouldBe "epoch    loss  accuracy"
        lines[1] shouldStartWith "    1  "
        lines[2] shouldStartWith "    2  "
        lines[2] shouldContain String.format(java.util.Locale.ROOT, "%.4g", history.values("loss")[1])
    }
})
