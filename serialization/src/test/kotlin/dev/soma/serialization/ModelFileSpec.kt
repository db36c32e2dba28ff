package dev.soma.serialization

import dev.soma.nn.*
import dev.soma.tensor.Generator
import dev.soma.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

class ModelFileSpec : FunSpec({
    val dir = Files.createTempDirectory("modelfile")

    fun roundTrip(model: Module, input: Tensor, name: String) {
        val p = dir.resolve("$name.safetensors")
        model.save(p)
        val back = loadModel(p)
        back.config() shouldBe model.config()
        back.toString() shouldBe model.toString()
        back.stateDict().keys.toList() shouldBe model.stateDict().keys.toList()
        for ((k, v) in model.stateDict()) back.stateDict()[k]!!.toFloatArray().toList() shouldBe v.toFloatArray().toList()
        model.eval(); back.eval()
        back.forward(input).toFloatArray().toList() shouldBe model.forward(input).toFloatArray().toList()
    }

    test("convolution layers round-trip with their padding strings, per-dim sizes and padding modes") {
        val g = Generator(5)
        val cnn = Sequential(
            Conv2d(3, 6, intArrayOf(3, 2), intArrayOf(1), IntsOrString.of("same"), intArrayOf(1, 2), 3, true, "reflect", g),
            ReLU(),
            Conv2d(6, 4, intArrayOf(3), intArrayOf(2), IntsOrString.of(1, 0), intArrayOf(1), 2, false, "circular", g),
            ConvTranspose2d(4, 2, intArrayOf(2), intArrayOf(2), intArrayOf(0), intArrayOf(1), 1, true, intArrayOf(1), g))
        roundTrip(cnn, Tensor.randn(g, 2, 3, 7, 6), "cnn")
        val seq = Sequential(Conv1d(2, 3, intArrayOf(3), intArrayOf(1), IntsOrString.of("valid"), intArrayOf(1), 1, true, "zeros", g),
            ConvTranspose1d(3, 2, 3), Conv3d(2, 2, 1))
        roundTrip(Sequential(seq.get(0), seq.get(1)), Tensor.randn(g, 1, 2, 9), "conv1d")
        roundTrip(Sequential(seq.get(2)), Tensor.randn(g, 1, 2, 3, 3, 3), "conv3d")
    }

    test("attention and Transformer layers round-trip: named and module activations, no final norm, positional codes") {
        val g = Generator(8)
        val named = TransformerEncoderLayer(8, 2, 16, 0.1, "gelu", 1e-6, true, true, false, g)
        val module = TransformerEncoderLayer(8, 2, 12, 0.0, GELU("tanh"), 1e-5, true, false, true)
        val model = Sequential(SinusoidalPositionalEncoding(8, 20, 0.1, true), TransformerEncoder(named, 2, null),
            TransformerEncoder(module, 1, LayerNorm(8)), LearnedPositionalEncoding(10, 8, 0.0, true))
        roundTrip(model, Tensor.randn(g, 2, 6, 8), "encoder")
        val transformer = Transformer(8, 2, 1, 1, 16, 0.0, "relu", null, null, 1e-5, true, false, true)
        val p = dir.resolve("transformer.safetensors")
        transformer.save(p)
        val back = loadModel(p) as Transformer
        back.config() shouldBe transformer.config()
        val src = Tensor.randn(g, 2, 5, 8)
        val tgt = Tensor.randn(g, 2, 3, 8)
        back.forward(src, tgt).toFloatArray().toList() shouldBe transformer.forward(src, tgt).toFloatArray().toList()
        val mha = MultiheadAttention(8, 2, 0.0, true, true, true, 3, 5, false)
        mha.save(dir.resolve("mha.safetensors"))
        loadModel(dir.resolve("mha.safetensors")).stateDict().keys.toList() shouldBe mha.stateDict().keys.toList()
    }

    test("normalisation layers round-trip with their running statistics, momentum None and eval-mode outputs") {
        val g = Generator(6)
        val cnn = Sequential(
            Conv2d(3, 8, intArrayOf(3), intArrayOf(1), IntsOrString.of(1), intArrayOf(1), 1, false, "zeros", g),
            BatchNorm2d(8, 1e-3, null, true, true), ReLU(), GroupNorm(4, 8, 1e-4, true), InstanceNorm2d(8, 1e-5, 0.2, true, true),
            LocalResponseNorm(3, 1e-3, 0.5, 2.0), Dropout2d(0.25), LayerNorm(intArrayOf(8, 5, 4), 1e-5, true), Flatten(1, -1),
            Linear(160, 6, true, g), BatchNorm1d(6, 1e-5, 0.3, false, true), LayerNorm(intArrayOf(6), 1e-5, false))
        for (step in 0 until 3) cnn.forward(Tensor.randn(g, 4, 3, 5, 4))     // moves the running statistics off their initial values
        val bn = cnn.get(1) as BatchNorm2d
        bn.numBatchesTracked.item() shouldBe 3f
        roundTrip(cnn, Tensor.randn(g, 2, 3, 5, 4), "norm")
        val back = loadModel(dir.resolve("norm.safetensors"))
        val tracked = back.stateDict()["1.num_batches_tracked"]!!
        tracked.dtype() shouldBe dev.soma.tensor.DType.INT64
        tracked.item() shouldBe 3f
        (back as Sequential).get(1).let { (it as BatchNorm2d).momentum } shouldBe null
        back.stateDict().keys.filter { it.startsWith("4.") } shouldBe
            listOf("4.weight", "4.bias", "4.running_mean", "4.running_var", "4.num_batches_tracked")
    }

    test("pooling and resampling layers round-trip: None output sizes, absent divisor, scale factors, align_corners") {
        val g = Generator(6)
        val cnn = Sequential(
            Conv2d(2, 8, intArrayOf(3), intArrayOf(1), IntsOrString.of(1), intArrayOf(1), 1, true, "zeros", g),
            MaxPool2d(intArrayOf(3, 2), intArrayOf(2, 1), intArrayOf(1, 0), intArrayOf(1, 2), true, true),
            AvgPool2d(intArrayOf(2), null, intArrayOf(1), true, false, 3),
            AvgPool2d(2),
            Upsample(null, doubleArrayOf(1.5, 2.0), "bilinear", true),
            Upsample(intArrayOf(6, 8), null, "nearest", null),
            PixelUnshuffle(2), PixelShuffle(2),
            AdaptiveMaxPool2d(intArrayOf(-1, 3), false),
            AdaptiveAvgPool2d(2),
            GlobalAvgPool2d(), Linear(8, 3, true, g))
        roundTrip(cnn, Tensor.randn(g, 2, 2, 9, 7), "pool2d")
        roundTrip(Sequential(MaxPool1d(3, 2, 1), AvgPool1d(2), AdaptiveAvgPool1d(3), AdaptiveMaxPool1d(2), Upsample(2.0, "linear")),
            Tensor.randn(g, 2, 3, 11), "pool1d")
        roundTrip(Sequential(MaxPool3d(2), AvgPool3d(intArrayOf(1, 2, 2), null, intArrayOf(0), false, true, null), AdaptiveAvgPool3d(1)),
            Tensor.randn(g, 1, 2, 4, 6, 5), "pool3d")
        val unpool = MaxUnpool2d(intArrayOf(2), intArrayOf(2), intArrayOf(0))
        val p = dir.resolve("unpool.safetensors")
        unpool.save(p)
        (loadModel(p) as MaxUnpool2d).toString() shouldBe unpool.toString()
    }

    test("every built-in layer type round-trips: same config, state dict and outputs") {
        val g = Generator(3)
        val x = Tensor.randn(g, 4, 6)
        val activations = listOf(ReLU(), ReLU6(), LeakyReLU(0.2), ELU(0.5), SELU(), CELU(1.3), GELU("tanh"), SiLU(), Mish(),
            Sigmoid(), Tanh(), Softplus(2.0, 15.0), Hardtanh(-2.0, 2.0), Hardsigmoid(), Hardswish(), Softsign(), LogSigmoid(),
            Threshold(0.1, -1.0), Hardshrink(0.3), Softshrink(0.2), Tanhshrink(), Softmax(1), LogSoftmax(-1), Identity(), Dropout(0.3))
        for ((i, a) in activations.withIndex()) roundTrip(Sequential(Linear(6, 6), a), x, "act$i")
        roundTrip(Sequential(Linear(6, 8), PReLU(8, 0.1), Maxout(8, 3, 2), GLU(-1).let { Sequential(Linear(3, 4), it) }), x, "mixed")
        roundTrip(Sequential(Unflatten(1, 2, 3), Flatten(1, -1), Linear(6, 2, false)), x, "flatten")
        roundTrip(Sequential().add("stem", Linear(6, 6)).add(Residual(Sequential(Linear(6, 6), ReLU())))
            .add(Residual(Linear(6, 4), Linear(6, 4))).add(Parallel(Parallel.Merge.CONCAT, 1, listOf(Linear(4, 2), Linear(4, 3))))
            .add(Parallel(Parallel.Merge.ADD, 1, listOf(Linear(5, 2), Linear(5, 2)))), x, "composite")
        val bilinear = Bilinear(3, 4, 2)
        val p = dir.resolve("bilinear.safetensors")
        bilinear.save(p)
        val back = loadModel(p) as Bilinear
        val a = Tensor.randn(g, 5, 3)
        val b = Tensor.randn(g, 5, 4)
        back.forward(a, b).toFloatArray().toList() shouldBe bilinear.forward(a, b).toFloatArray().toList()
        val tokens = Tensor.ofLongs(longArrayOf(1, 0, 3, 2), 2, 2)
        roundTrip(Sequential(Embedding(5, 3, 0, null, 2.0, false), Flatten(1, -1), Linear(6, 2)), tokens, "embedding")
    }

    test("recurrent layers round-trip with every option, and their cells with their states") {
        val g = Generator(8)
        val rnns = Sequential(
            LSTM.builder(3, 5).numLayers(2).bidirectional(true).projSize(2).batchFirst(true).dropout(0.25).generator(g).build(),
            GRU.builder(4, 3).bias(false).batchFirst(true).generator(g).build(),
            RNN.builder(3, 2).nonlinearity("relu").batchFirst(true).bidirectional(true).generator(g).build(), Linear(4, 2, true, g))
        roundTrip(rnns, Tensor.randn(g, 2, 6, 3), "recurrent")
        (loadModel(dir.resolve("recurrent.safetensors")) as Sequential).get(0).toString() shouldBe
            "LSTM(3, 5, proj_size=2, num_layers=2, batch_first=True, dropout=0.25, bidirectional=True)"
        for ((i, cell) in listOf<RNNCellBase>(LSTMCell(3, 4), GRUCell(3, 4, false), RNNCell(3, 4, true, "relu")).withIndex()) {
            val p = dir.resolve("cell$i.safetensors")
            cell.save(p)
            val back = loadModel(p) as RNNCellBase
            back.config() shouldBe cell.config()
            val x = Tensor.randn(g, 2, 3)
            val h = Tensor.randn(g, 2, 4)
            val c = Tensor.randn(g, 2, 4)
            val states = if (cell is LSTMCell) arrayOf(x, h, c) else arrayOf(x, h)
            back.forwardOutputs(*states).map { it.toFloatArray().toList() } shouldBe cell.forwardOutputs(*states).map { it.toFloatArray().toList() }
        }
    }

    test("containers keep PyTorch's dotted names") {
        val list = ModuleList(listOf(Linear(2, 3), ReLU()))
        val p = dir.resolve("list.safetensors")
        list.save(p)
        val back = loadModel(p)
        back.stateDict().keys.toList() shouldBe listOf("0.weight", "0.bias")
        back.config() shouldBe list.config()
    }

    test("plain weights load into an existing model, and a mismatch is reported in one message") {
        val model = Sequential(Linear(3, 2), ReLU(), Linear(2, 1))
        val p = dir.resolve("weights.safetensors")
        writeSafetensors(p, model.stateDict())
        val other = Sequential(Linear(3, 2), ReLU(), Linear(2, 1))
        other.loadWeights(p)
        other.stateDict()["2.weight"]!!.toFloatArray().toList() shouldBe model.stateDict()["2.weight"]!!.toFloatArray().toList()
        val wrong = Sequential(Linear(3, 4), ReLU(), Linear(4, 1))
        val e = shouldThrow<ModelFormatException> { wrong.loadWeights(p) }
        e.message!! shouldContain "weights.safetensors"
        e.message!! shouldContain "0.weight"
        shouldThrow<ModelFormatException> { loadModel(p) }.message!! shouldContain "not a Soma model file"
    }

    test("an unknown layer type is refused by name, never instantiated") {
        val p = dir.resolve("unknown.safetensors")
        writeSafetensors(p, emptyMap(), mapOf(ModelFile.FORMAT_KEY to FormatVersion.CURRENT.toJson(),
            ModelFile.ARCHITECTURE_KEY to """{"type":"java.lang.Runtime","fields":{}}"""))
        val e = shouldThrow<ModelFormatException> { loadModel(p) }
        e.message!! shouldContain "unknown layer type 'java.lang.Runtime'"
        writeSafetensors(p, emptyMap(), mapOf(ModelFile.FORMAT_KEY to FormatVersion.CURRENT.toJson(),
            ModelFile.ARCHITECTURE_KEY to """{"type":"Linear","fields":{"in_features":"three","out_features":2}}"""))
        shouldThrow<ModelFormatException> { loadModel(p) }.message!! shouldContain "in_features"
    }

    test("the architecture exports as readable JSON") {
        val json = ModelFile.architectureJson(Sequential(Linear(3072, 100), ReLU(), Linear(100, 10)))
        json shouldContain "\"type\": \"Sequential\""
        json shouldContain "\"in_features\": 3072"
        ConfigJson.fromJson(json) shouldBe Sequential(Linear(3072, 100), ReLU(), Linear(100, 10)).config()
    }

    test("a config the layer refuses is a ModelFormatException; a bug in a layer factory propagates as itself") {
        ModuleFactory.register("StrictScale", java.util.function.Function<Config, Module> { c ->
            val n = c.getInt("n")
            require(n > 0) { "StrictScale: n must be positive, got $n" }
            check(n != 13) { "StrictScale factory bug" }
            Identity()
        })
        val p = dir.resolve("strict.safetensors")
        fun write(n: Int) = writeSafetensors(p, emptyMap(), mapOf(ModelFile.FORMAT_KEY to FormatVersion.CURRENT.toJson(),
            ModelFile.ARCHITECTURE_KEY to """{"type":"StrictScale","fields":{"n":$n}}"""))
        write(-1)
        val refused = shouldThrow<ModelFormatException> { loadModel(p) }
        refused.message!! shouldContain "strict.safetensors: bad architecture: StrictScale: n must be positive, got -1"
        write(13)
        shouldThrow<IllegalStateException> { loadModel(p) }.message shouldBe "StrictScale factory bug"
        write(2)
        shouldThrow<IllegalStateException> { loadModel(p) }.message!! shouldContain "factory for 'StrictScale' built a Identity"
    }
})
