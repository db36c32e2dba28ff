package dev.soma.dsl

import dev.soma.nn.Conv1d
import dev.soma.nn.Conv2d
import dev.soma.nn.ConvTranspose2d
import dev.soma.nn.Linear
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class ConvBuilderSpec : FunSpec({
    test("convolutions infer in_channels from the input shape and flatten feeds the right size to linear") {
        val model = network(input = shape(1, 28, 28)) {
            conv2d(8, kernelSize = 3, padding = 1); relu()
            conv2d(16, kernelSize = 3, stride = 2, padding = "valid", groups = 8)
            flatten(); linear(10)
        }
        val first = model.get(0) as Conv2d
        val grouped = model.get(2) as Conv2d
        first.inChannels shouldBe 1
        grouped.inChannels shouldBe 8
        grouped.groups shouldBe 8
        (model.get(4) as Linear).inFeatures shouldBe 16 * 13 * 13
        model(randn(2, 1, 28, 28)).shape shouldBe listOf(2, 10)
    }

    test("padding takes an Int, an IntArray or a string, and per-dim kernels take IntArrays") {
        val model = network(input = shape(3, 9, 8)) {
            conv2d(4, kernelSize = intArrayOf(3, 1), padding = intArrayOf(1, 0), paddingMode = "reflect")
            conv2d(4, kernelSize = 3, padding = "same", dilation = 2)
            convTranspose2d(2, kernelSize = 2, stride = 2)
        }
        val c = model.get(0) as Conv2d
        c.kernelSize.toList() shouldBe listOf(3, 1)
        c.paddingMode shouldBe "reflect"
        (model.get(2) as ConvTranspose2d).inChannels shouldBe 4
        model(randn(1, 3, 9, 8)).shape shouldBe listOf(1, 2, 18, 16)
        shouldThrow<IllegalArgumentException> { network(input = shape(3, 9, 8)) { conv2d(4, kernelSize = 3, padding = 1.5) } }
            .message!! shouldContain "padding must be an Int"
    }

    test("without an input shape in_channels must be given, and a shape that does not fit is reported at build time") {
        val model = network { conv1d(4, kernelSize = 3, inChannels = 2) }
        (model.get(0) as Conv1d).inChannels shouldBe 2
        shouldThrow<IllegalArgumentException> { network { conv1d(4, kernelSize = 3) } }.message!! shouldContain "without an input shape"
        val e = shouldThrow<IllegalArgumentException> { network(input = shape(2, 4, 4)) { conv2d(4, kernelSize = 5) } }
        e.message!! shouldContain "layer 0 (Conv2d)"
        e.message!! shouldContain "Kernel size can't be greater than actual input size"
    }

    test("depthwise and separable blocks infer their channels and count MACs as their convolutions") {
        val model = network(input = shape(8, 10, 10)) {
            depthwiseConv2d(kernelSize = 3, padding = 1, multiplier = 2)
            separableConv2d(32, kernelSize = 3, padding = "same", activation = dev.soma.nn.ReLU())
        }
        (model.get(0) as dev.soma.nn.DepthwiseConv2d).outChannels shouldBe 16
        (model.get(1) as dev.soma.nn.SeparableConv2d).depthwise.inChannels shouldBe 16
        model(randn(2, 8, 10, 10)).shape shouldBe listOf(2, 32, 10, 10)
        val s = dev.soma.profile.Summary.of(model, intArrayOf(1, 8, 10, 10))
        s.macs() shouldBe (9L * 16 * 100) + (9L * 16 * 100 + 16L * 32 * 100)
    }

    test("unfold and fold infer through the network and undo each other's shapes") {
        val model = network(input = shape(2, 6, 6)) { unfold(kernelSize = 2, stride = 2); fold(intArrayOf(6, 6), kernelSize = 2, stride = 2) }
        model.outputShape(intArrayOf(1, 2, 6, 6)).toList() shouldBe listOf(1, 2, 6, 6)
        val x = randn(1, 2, 6, 6)
        model(x).toFloatArray().toList() shouldBe x.toFloatArray().toList()     // non-overlapping blocks: fold(unfold(x)) = x
    }
})
