package dev.soma.dsl

import dev.soma.nn.BatchNorm1d
import dev.soma.nn.BatchNorm2d
import dev.soma.nn.Conv2d
import dev.soma.nn.Dropout2d
import dev.soma.nn.GroupNorm
import dev.soma.nn.InstanceNorm2d
import dev.soma.nn.LayerNorm
import dev.soma.nn.Linear
import dev.soma.nn.ReLU
import dev.soma.nn.Sequential
import dev.soma.tensor.Generator
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class NormBuilderSpec : FunSpec({
    test("normalisation layers infer their features from the channel dim and layerNorm from the trailing dims") {
        val model = network(input = shape(3, 8, 8)) {
            conv2d(8, kernelSize = 3, padding = 1); batchNorm2d(); relu()
            groupNorm(4); instanceNorm2d(affine = true); dropout2d(0.1); localResponseNorm(3)
            layerNorm(lastDims = 3); flatten(); linear(16); batchNorm1d(momentum = null); layerNorm()
        }
        (model.get(1) as BatchNorm2d).numFeatures shouldBe 8
        (model.get(3) as GroupNorm).numChannels shouldBe 8
        (model.get(4) as InstanceNorm2d).numFeatures shouldBe 8
        (model.get(5) as Dropout2d).p shouldBe 0.1
        (model.get(7) as LayerNorm).normalizedShape.toList() shouldBe listOf(8, 8, 8)
        (model.get(10) as BatchNorm1d).numFeatures shouldBe 16
        (model.get(10) as BatchNorm1d).momentum shouldBe null
        (model.get(11) as LayerNorm).normalizedShape.toList() shouldBe listOf(16)
        model(randn(2, 3, 8, 8)).shape shouldBe listOf(2, 16)
    }

    test("DSL-built and Java-built networks give equal keys and outputs in eval mode") {
        val dsl = network(input = shape(2, 5, 5), generator = Generator(3)) { conv2d(4, kernelSize = 3); batchNorm2d(eps = 1e-3); relu(); flatten(); linear(2) }
        val g = Generator(3)
        val java = Sequential(Conv2d(2, 4, intArrayOf(3), intArrayOf(1), dev.soma.nn.IntsOrString.of(0), intArrayOf(1), 1, true, "zeros", g),
            BatchNorm2d(4, 1e-3, 0.1, true, true), ReLU(), dev.soma.nn.Flatten(), Linear(36, 2, true, g))
        dsl.stateDict().keys.toList() shouldBe java.stateDict().keys.toList()
        val x = randn(3, 2, 5, 5)
        dsl(x); java(x)                             // one training step moves both running statistics alike
        dsl.eval(); java.eval()
        dsl(x).toFloatArray().toList() shouldBe java(x).toFloatArray().toList()
    }

    test("without an input shape the features must be given, and a wrong one is reported at build time") {
        (network { batchNorm1d(numFeatures = 5) }.get(0) as BatchNorm1d).numFeatures shouldBe 5
        shouldThrow<IllegalArgumentException> { network { batchNorm2d() } }.message!! shouldContain "without an input shape"
        shouldThrow<IllegalArgumentException> { network { layerNorm() } }.message!! shouldContain "without an input shape"
        val e = shouldThrow<IllegalArgumentException> { network(input = shape(3, 4)) { batchNorm2d() } }
        e.message!! shouldContain "layer 0 (BatchNorm2d)"
        e.message!! shouldContain "expected input (N, 3, H, W)"
        shouldThrow<IllegalArgumentException> { network(input = shape(6, 4)) { groupNorm(4) } }.message!! shouldContain "divisible"
    }
})
