package dev.soma.dsl

import dev.soma.nn.AdaptiveAvgPool2d
import dev.soma.nn.AvgPool2d
import dev.soma.nn.Conv2d
import dev.soma.nn.Flatten
import dev.soma.nn.GlobalAvgPool2d
import dev.soma.nn.Linear
import dev.soma.nn.MaxPool2d
import dev.soma.nn.PixelShuffle
import dev.soma.nn.Sequential
import dev.soma.nn.Upsample
import dev.soma.tensor.Generator
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class PoolBuilderSpec : FunSpec({
    test("pooling layers advance the inferred shape, so linear gets the right in_features") {
        val model = network(input = shape(1, 28, 28)) {
            conv2d(8, kernelSize = 3, padding = 1); relu(); maxPool2d(2)
            conv2d(16, kernelSize = 3); avgPool2d(3, stride = 2, padding = 1, ceilMode = true)
            flatten(); linear(10)
        }
        (model.get(2) as MaxPool2d).stride.toList() shouldBe listOf(2)
        (model.get(6) as Linear).inFeatures shouldBe 16 * 7 * 7     // 28 → 14 → 12 → ceil((12 + 2 − 3) / 2) + 1
        model(randn(2, 1, 28, 28)).shape shouldBe listOf(2, 10)
    }

    test("adaptive and global pooling, upsample and pixel shuffle") {
        val model = network(input = shape(4, 9, 7)) {
            adaptiveAvgPool2d(null, 3); upsample(scaleFactor = 2.0, mode = "bilinear", alignCorners = false)
            pixelShuffle(2); conv2d(4, kernelSize = 1); globalAvgPool2d(); linear(2)
        }
        (model.get(0) as AdaptiveAvgPool2d).outputSize.toList() shouldBe listOf(-1, 3)
        (model.get(1) as Upsample).mode shouldBe "bilinear"
        (model.get(2) as PixelShuffle).upscaleFactor shouldBe 2
        model(randn(3, 4, 9, 7)).shape shouldBe listOf(3, 2)
        model.outputShape(intArrayOf(3, 4, 9, 7)).toList() shouldBe listOf(3, 2)
    }

    test("the DSL and the Java API build equal models") {
        val dsl = network(input = shape(2, 8, 8), generator = Generator(7)) {
            conv2d(4, kernelSize = 3, padding = 1); maxPool2d(2); avgPool2d(intArrayOf(2, 1)); globalAvgPool2d()
        }
        val g = Generator(7)
        val java = Sequential(
            Conv2d(2, 4, intArrayOf(3), intArrayOf(1), dev.soma.nn.IntsOrString.of(1), intArrayOf(1), 1, true, "zeros", g),
            MaxPool2d(2), AvgPool2d(intArrayOf(2, 1), null, intArrayOf(0), false, true, null), GlobalAvgPool2d())
        dsl.toString() shouldBe java.toString()
        dsl.stateDict().keys shouldBe java.stateDict().keys
        val x = randn(2, 2, 8, 8)
        dsl(x).toFloatArray().toList() shouldBe java.forward(x).toFloatArray().toList()
    }

    test("a pooling window that does not fit is reported at build time, naming the layer") {
        val e = shouldThrow<IllegalArgumentException> { network(input = shape(1, 3, 4)) { maxPool2d(5) } }
        e.message!! shouldContain "layer 0 (MaxPool2d)"
        e.message!! shouldContain "Output size is too small"
        shouldThrow<IllegalArgumentException> { network { maxPool2d(2, padding = 2) } }.message!! shouldContain "pad should be at most half"
        // Flatten stays usable after global pooling's (N, C) output.
        network(input = shape(3, 4, 4)) { globalAvgPool2d(); flatten() }.get(1) as Flatten
    }
})
