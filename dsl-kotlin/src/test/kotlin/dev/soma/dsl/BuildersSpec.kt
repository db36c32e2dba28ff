package dev.soma.dsl

import dev.soma.tensor.DType
import dev.soma.tensor.Generator
import dev.soma.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe

class BuildersSpec : FunSpec({
    test("builders make the shapes and values asked for") {
        zeros(2, 3).shape shouldBe listOf(2, 3)
        ones(2).toFloatArray().toList() shouldBe listOf(1f, 1f)
        full(2, 2, value = 7f).toFloatArray().toList() shouldBe listOf(7f, 7f, 7f, 7f)
        arange(4).toFloatArray().toList() shouldBe listOf(0f, 1f, 2f, 3f)
        longTensorOf(1, 2).dtype() shouldBe DType.INT64
        eye(2).toFloatArray().toList() shouldBe listOf(1f, 0f, 0f, 1f)
    }

    test("randn and rand draw from the generator given: core's numbers for that seed, normal and uniform") {
        val a = randn(2, 3, generator = Generator(4))
        a.shape shouldBe listOf(2, 3)
        a.toFloatArray().toList() shouldBe Tensor.randn(Generator(4), 2, 3).toFloatArray().toList()
        a.toFloatArray().toList() shouldNotBe randn(2, 3, generator = Generator(5)).toFloatArray().toList()
        val g = Generator(4)
        randn(3, generator = g).toFloatArray().toList() shouldNotBe randn(3, generator = g).toFloatArray().toList()  // the stream moves on

        val n = randn(20_000, generator = Generator(7)).toFloatArray()
        val mean = n.average()
        val std = kotlin.math.sqrt(n.sumOf { (it - mean) * (it - mean) } / n.size)
        mean shouldBe (0.0 plusOrMinus 0.03)
        std shouldBe (1.0 plusOrMinus 0.03)

        val u = rand(20_000, generator = Generator(8)).toFloatArray()
        u.all { it >= 0f && it < 1f } shouldBe true
        u.average() shouldBe (0.5 plusOrMinus 0.01)
    }

    test("indexing with ints and ranges is Python slicing, and shapes destructure") {
        val x = arange(12).reshape(3, 4)
        x[0, 1..3].toFloatArray().toList() shouldBe listOf(1f, 2f, 3f)
        x[1..2, 0].toFloatArray().toList() shouldBe listOf(4f, 8f)
        x[-1, 0..3].toFloatArray().toList() shouldBe listOf(8f, 9f, 10f, 11f)
        x[2, 3] shouldBe 11f    // all Ints: the element itself
        val (rows, cols) = x.shape
        (rows to cols) shouldBe (3 to 4)
        shouldThrow<IllegalArgumentException> { x[0..5] }
        shouldThrow<IllegalArgumentException> { x["a"] }
    }

    test("index gradients flow back into the slice of the source") {
        val x = zeros(2, 3).requiresGrad(true)
        (x[1, 0..1] * 3f).sum().backward()
        x.grad!!.toFloatArray().toList() shouldBe listOf(0f, 0f, 0f, 3f, 3f, 0f)
    }
})
