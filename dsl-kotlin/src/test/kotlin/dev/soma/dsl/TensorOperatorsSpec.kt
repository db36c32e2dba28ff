package dev.soma.dsl

import dev.soma.tensor.Tensor
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class TensorOperatorsSpec : FunSpec({
    test("arithmetic operators compute the same values as the core ops") {
        val a = tensorOf(1f, 2f, 3f, 4f, shape = intArrayOf(2, 2))
        val b = tensorOf(10f, 20f)
        (a + b).toFloatArray().toList() shouldBe listOf(11f, 22f, 13f, 24f)
        (a - 1f).toFloatArray().toList() shouldBe listOf(0f, 1f, 2f, 3f)
        (1f - a).toFloatArray().toList() shouldBe listOf(0f, -1f, -2f, -3f)
        (2f * a).toFloatArray().toList() shouldBe listOf(2f, 4f, 6f, 8f)
        (a / 2f).toFloatArray().toList() shouldBe listOf(0.5f, 1f, 1.5f, 2f)
        (4f / a).toFloatArray().toList() shouldBe listOf(4f, 2f, 4f / 3f, 1f)
        (-a)[1, 0] shouldBe -3f
        (a matmul a).toFloatArray().toList() shouldBe listOf(7f, 10f, 15f, 22f)
        (a matmul a).shape shouldBe listOf(2, 2)
    }

    test("operators record gradients like the Java API") {
        val x = tensorOf(1f, 2f).requiresGrad(true)
        val y = (x * x + 3f * x).sum()
        y.backward()
        x.grad!!.toFloatArray().toList() shouldBe listOf(5f, 7f)     // 2x + 3
    }

    test("noGrad records nothing and returns the block's value") {
        val x = Tensor.ones(2).requiresGrad(true)
        val y = noGrad { x * 2f }
        y.requiresGrad() shouldBe false
    }
})
