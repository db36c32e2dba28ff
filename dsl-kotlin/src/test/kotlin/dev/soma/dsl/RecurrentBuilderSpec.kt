package dev.soma.dsl

import dev.soma.nn.GRU
import dev.soma.nn.LSTM
import dev.soma.nn.Linear
import dev.soma.nn.RNN
import dev.soma.nn.Sequential
import dev.soma.tensor.Generator
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class RecurrentBuilderSpec : FunSpec({
    test("recurrent layers infer input_size from the last dim and pass their output sequence on") {
        val model = network(input = shape(7, 5)) {
            lstm(hiddenSize = 6, numLayers = 2, bidirectional = true, batchFirst = true)
            gru(4, batchFirst = true); rnn(3, nonlinearity = "relu", batchFirst = true); linear(2)
        }
        val lstm = model.get(0) as LSTM
        lstm.inputSize shouldBe 5
        lstm.numLayers shouldBe 2
        lstm.toString() shouldBe "LSTM(5, 6, num_layers=2, batch_first=True, bidirectional=True)"
        (model.get(1) as GRU).inputSize shouldBe 12
        (model.get(2) as RNN).nonlinearity shouldBe "relu"
        model.outputShape(intArrayOf(3, 7, 5)).toList() shouldBe listOf(3, 7, 2)
        model(randn(3, 7, 5)).shape shouldBe listOf(3, 7, 2)
    }

    test("a DSL-built LSTM equals the Java-built one") {
        val dsl = network(input = shape(4, 3), generator = Generator(5)) { lstm(hiddenSize = 2, projSize = 1, batchFirst = true); linear(1) }
        val g = Generator(5)
        val java = Sequential(LSTM.builder(3, 2).projSize(1).batchFirst(true).generator(g).build(), Linear(1, 1, true, g))
        dsl.stateDict().keys.toList() shouldBe java.stateDict().keys.toList()
        val x = randn(2, 4, 3)
        dsl(x).toFloatArray().toList() shouldBe java(x).toFloatArray().toList()
    }

    test("without an input shape input_size must be given") {
        (network { lstm(8, inputSize = 3) }.get(0) as LSTM).inputSize shouldBe 3
        shouldThrow<IllegalArgumentException> { network { gru(8) } }.message!! shouldContain "gru(8) cannot infer its input size"
    }
})
