package dev.soma.serialization

import dev.soma.nn.Config
import dev.soma.nn.IntsOrString
import dev.soma.nn.Module
import dev.soma.nn.ModuleFactory
import dev.soma.nn.Parameter
import dev.soma.nn.Sequential
import dev.soma.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

/** A test-only user layer whose config holds PyTorch's None and int-or-string values, as BatchNorm's momentum and Conv's padding. */
class PaddedScale(val momentum: Double?, val padding: IntsOrString, val eps: Double) : Module() {
    val weight: Parameter = registerParameter("weight", Tensor.of(2f, 3f))

    override fun forward(input: Tensor): Tensor = input.mul(weight)

    override fun extraRepr() = "momentum=${momentum ?: "None"}, padding=$padding, eps=$eps"

    override fun config(): Config = Config.of("PaddedScale").put("momentum", momentum).put("padding", padding).put("eps", eps)

    companion object {
        fun register() = ModuleFactory.register("PaddedScale", FACTORY)

        private val FACTORY = java.util.function.Function<Config, Module> { c ->
            PaddedScale(c.getNullableDouble("momentum"), c.getIntsOrString("padding"), c.getDouble("eps"))
        }
    }
}

class ConfigValuesSpec : FunSpec({
    val dir = Files.createTempDirectory("configvalues")
    PaddedScale.register()

    val layers = listOf(
        PaddedScale(null, IntsOrString.of("same"), 1e-5),
        PaddedScale(0.1, IntsOrString.of(1, 2), 1e-3),
        PaddedScale(null, IntsOrString.of(3), 0.5),
        PaddedScale(0.01, IntsOrString.of("valid"), 1.0),
        PaddedScale(null, IntsOrString.of(*intArrayOf(4)), 2e-7),
    )

    test("None, strings, ints and int lists are written as themselves in the JSON") {
        val json = ConfigJson.toJson(Sequential(layers).config())
        json shouldContain """"fields":{"momentum":null,"padding":"same","eps":1.0E-5}"""
        json shouldContain """"momentum":0.1,"padding":[1,2]"""
        json shouldContain """"momentum":null,"padding":3,"eps":0.5"""
        json shouldContain """"padding":[4]"""
        ConfigJson.fromJson(json) shouldBe Sequential(layers).config()
    }

    test("a user layer with momentum=None and padding=\"same\" | [1, 2] | 3 round-trips exactly through a model file") {
        for ((i, layer) in layers.withIndex()) {
            val p = dir.resolve("padded$i.safetensors")
            layer.save(p)
            val back = loadModel(p) as PaddedScale
            back.config() shouldBe layer.config()
            back.momentum shouldBe layer.momentum
            back.padding shouldBe layer.padding
            back.padding.isInt shouldBe layer.padding.isInt
            back.eps shouldBe layer.eps
            back.toString() shouldBe layer.toString()
            back.weight.toFloatArray().toList() shouldBe listOf(2f, 3f)
        }
        val model = Sequential(layers)
        val p = dir.resolve("padded-all.safetensors")
        model.save(p)
        val back = loadModel(p)
        back.config() shouldBe model.config()
        (back as Sequential).get(0).let { (it as PaddedScale).momentum shouldBe null; it.padding.string() shouldBe "same" }
        ((back.get(2) as PaddedScale).padding.intValue()) shouldBe 3
        ((back.get(1) as PaddedScale).padding.ints(2)).toList() shouldBe listOf(1, 2)
        val x = Tensor.of(1f, 1f)
        back.forward(x).toFloatArray().toList() shouldBe model.forward(x).toFloatArray().toList()
    }

    test("a wrong kind of value in a file is refused, naming the layer, the field and what came") {
        val p = dir.resolve("bad.safetensors")
        writeSafetensors(p, mapOf("weight" to Tensor.of(2f, 3f)), mapOf(ModelFile.FORMAT_KEY to FormatVersion.CURRENT.toJson(),
            ModelFile.ARCHITECTURE_KEY to """{"type":"PaddedScale","fields":{"momentum":"fast","padding":"same","eps":0.1}}"""))
        shouldThrow<ModelFormatException> { loadModel(p) }.message!! shouldContain
            "PaddedScale config: field 'momentum' must be a number or null, got String fast"
        writeSafetensors(p, mapOf("weight" to Tensor.of(2f, 3f)), mapOf(ModelFile.FORMAT_KEY to FormatVersion.CURRENT.toJson(),
            ModelFile.ARCHITECTURE_KEY to """{"type":"PaddedScale","fields":{"momentum":null,"padding":1.5,"eps":0.1}}"""))
        shouldThrow<ModelFormatException> { loadModel(p) }.message!! shouldContain
            "PaddedScale config: field 'padding' must be a string, an integer or a list of integers, got Double 1.5"
    }
})
