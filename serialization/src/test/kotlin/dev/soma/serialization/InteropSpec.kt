package dev.soma.serialization

import dev.soma.autograd.GradMode
import dev.soma.nn.*
import dev.soma.tensor.DType
import dev.soma.tensor.Tensor
import io.kotest.core.NamedTag
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import kotlin.math.abs

/**
 * Files written by PyTorch (serialization/interop/torch_fixtures.py, committed under test resources) load into the
 * matching Soma models and reproduce PyTorch's recorded outputs; files Soma writes load back into PyTorch
 * (checked when /usr/bin/python3 has torch, skipped otherwise).
 */
class InteropSpec : FunSpec({
    fun resource(name: String): Path = Path.of(InteropSpec::class.java.getResource("/interop/$name")!!.toURI())

    val models = mapOf(
        "mlp" to { Sequential(Linear(4, 3), ReLU(), Linear(3, 2)) },
        "activations" to { Sequential(Linear(6, 6), PReLU(6, 0.25), Linear(6, 4), GELU(), Linear(4, 3), LogSoftmax(1)) },
        "embedding" to { Sequential(Embedding(7, 3, 0, null, 2.0, false), Flatten(), Linear(6, 2)) },
        // PyTorch's side wraps nn.LSTM to return only its output sequence, which Soma's LSTM passes on in a Sequential
        "lstm" to { Sequential(LSTM.builder(3, 4).numLayers(2).batchFirst(true).bidirectional(true).build(), Linear(8, 2)) },
        "transformer_encoder" to { TransformerEncoder(TransformerEncoderLayer(16, 4, 32, 0.0, "relu", 1e-5, true, false), 2, LayerNorm(16)) },
    )

    fun close(a: FloatArray, b: FloatArray) {
        a.size shouldBe b.size
        for (i in a.indices) (abs(a[i] - b[i]) <= 1e-5f + 1e-5f * abs(b[i])) shouldBe true
    }

    for ((name, make) in models) {
        test("PyTorch's $name weights reproduce PyTorch's outputs") {
            val model = make()
            model.loadWeights(resource("$name.safetensors"))
            val io = readSafetensors(resource("$name.io.safetensors"))
            model.eval()
            close(model.forward(io["input"]!!).toFloatArray(), io["output"]!!.toFloatArray())
        }
    }

    test("every dtype PyTorch writes converts as expected") {
        val t = readSafetensors(resource("dtypes.safetensors"))
        t["f16"]!!.toFloatArray().toList() shouldBe listOf(1.5f, -2f)
        t["bf16"]!!.toFloatArray().toList() shouldBe listOf(0.5f, 3f)
        t["f64"]!!.item() shouldBe 0.25f
        t["i32"]!!.dtype() shouldBe DType.INT64
        t["i32"]!!.toLongArray().toList() shouldBe listOf(-3L, 4L)
        t["u8"]!!.item() shouldBe 200f
        t["b"]!!.dtype() shouldBe DType.BOOL
    }

    val python = Path.of("/usr/bin/python3")
    // Importing torch takes seconds: asked only when the (slow-tagged) test runs, not when the spec is built.
    val torchThere by lazy {
        Files.isExecutable(python) && ProcessBuilder(python.toString(), "-c", "import torch").start().waitFor() == 0
    }
    val script = generateSequence(Path.of("").toAbsolutePath()) { it.parent }
        .map { it.resolve("serialization/interop/torch_fixtures.py") }.firstOrNull { Files.exists(it) }
        ?: Path.of("interop/torch_fixtures.py").toAbsolutePath()

    test("PyTorch loads the files Soma writes, with no conversion")
        .config(tags = setOf(NamedTag("slow")), enabledIf = { torchThere && Files.exists(script) }) {
        val dir = Files.createTempDirectory("interop")
        for ((name, make) in models) {
            val model = make()
            model.loadWeights(resource("$name.safetensors"))
            GradMode.noGrad().use { for (p in model.parameters()) p.mul_(Tensor.scalar(0.5f)) }   // weights only Soma has
            model.eval()
            val x = readSafetensors(resource("$name.io.safetensors"))["input"]!!
            val expected = model.forward(x).toFloatArray()
            val file = dir.resolve("$name.safetensors")
            model.save(file)
            val proc = ProcessBuilder(python.toString(), script.toString(), "check", file.toString(), name).redirectErrorStream(true).start()
            val out = proc.inputStream.bufferedReader().readText()
            proc.waitFor(60, TimeUnit.SECONDS)
            proc.exitValue() shouldBe 0
            out shouldContain "soma.architecture"
            val values = Regex("\"output\": \\[([^]]*)]").find(out)!!.groupValues[1].split(",").map { it.trim().toFloat() }
            close(values.toFloatArray(), expected)
        }
    }
})
