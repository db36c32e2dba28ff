package dev.soma.dsl

import dev.soma.nn.Linear
import dev.soma.nn.Sequential
import dev.soma.nn.SinusoidalPositionalEncoding
import dev.soma.nn.TransformerEncoder
import dev.soma.nn.TransformerEncoderLayer
import dev.soma.tensor.Generator
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class TransformerBuilderSpec : FunSpec({
    test("transformerEncoder builds a batch-first stack whose d_model is given or inferred") {
        val model = network(input = shape(10, 32)) {
            sinusoidalPositionalEncoding(maxLen = 64, dropout = 0.0)
            transformerEncoder(nhead = 4, dimFeedforward = 64, numLayers = 2, dropout = 0.0, norm = true)
            transformerEncoderLayer(nhead = 2, dimFeedforward = 16, dropout = 0.0, activation = "gelu", normFirst = true)
            linear(5)
        }
        val encoder = model.get(1) as TransformerEncoder
        encoder.numLayers shouldBe 2
        val layer = encoder.layers.get(0) as TransformerEncoderLayer
        layer.dModel shouldBe 32
        layer.batchFirst shouldBe true
        layer.dimFeedforward shouldBe 64
        (model.get(2) as TransformerEncoderLayer).normFirst shouldBe true
        (model.get(0) as SinusoidalPositionalEncoding).batchFirst shouldBe true
        model.stateDict().keys.first() shouldBe "0.pe"
        model.stateDict().keys.contains("1.layers.1.self_attn.in_proj_weight") shouldBe true
        model.stateDict().keys.contains("1.norm.weight") shouldBe true
        model(randn(3, 10, 32)).shape shouldBe listOf(3, 10, 5)
        val issue = network { transformerEncoder(dModel = 256, nhead = 8, dimFeedforward = 1024, numLayers = 4) }
        (issue.get(0) as TransformerEncoder).layers.size() shouldBe 4
    }

    test("DSL-built and Java-built encoders give equal keys and outputs") {
        val dsl = network(generator = Generator(7)) {
            transformerEncoderLayer(dModel = 8, nhead = 2, dimFeedforward = 16, dropout = 0.0); learnedPositionalEncoding(12, dModel = 8, dropout = 0.0)
        }
        val java = Sequential(TransformerEncoderLayer(8, 2, 16, 0.0, "relu", 1e-5, true, false, true, Generator(7)),
            dev.soma.nn.LearnedPositionalEncoding(12, 8, 0.0, true))
        java.loadStateDict(dsl.stateDict(), true)
        val x = randn(2, 5, 8)
        dsl.stateDict().keys.toList() shouldBe java.stateDict().keys.toList()
        dsl(x).toFloatArray().toList() shouldBe java(x).toFloatArray().toList()
        ((dsl.get(0) as TransformerEncoderLayer).linear1 as Linear).weight.toFloatArray().toList() shouldBe
            ((java.get(0) as TransformerEncoderLayer).linear1 as Linear).weight.toFloatArray().toList()
    }

    test("a wrong d_model is reported when the network is built") {
        val e = shouldThrow<IllegalArgumentException> { network(input = shape(4, 6)) { transformerEncoderLayer(dModel = 8, nhead = 2) } }
        e.message shouldContain "TransformerEncoderLayer"
        e.message shouldContain "(4, 6)"
        shouldThrow<IllegalArgumentException> { network { transformerEncoder(nhead = 2) } }.message shouldContain "input shape"
    }
})
