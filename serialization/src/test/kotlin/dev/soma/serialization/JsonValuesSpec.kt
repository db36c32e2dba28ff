package dev.soma.serialization

import dev.soma.nn.Config
import dev.soma.nn.Linear
import dev.soma.nn.ReLU
import dev.soma.nn.Sequential
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.serialization.json.Json
import java.nio.file.Files

class JsonValuesSpec : FunSpec({
    val dir = Files.createTempDirectory("jsonvalues")

    val every = Config.of("Everything")
        .put("int", 3).put("negative", -7).put("long", 5L).put("big_long", 9007199254740993L).put("min_long", Long.MIN_VALUE)
        .put("double", 0.5).put("whole_double", 2.0).put("tiny", 1e-5).put("nan", Double.NaN)
        .put("inf", Double.POSITIVE_INFINITY).put("minus_inf", Double.NEGATIVE_INFINITY)
        .put("bool", true).put("string", "same").put("none", null as Double?)
        .put("ints", intArrayOf(1, 2)).put("no_ints", IntArray(0)).put("doubles", doubleArrayOf(0.9, 0.999))
        .put("whole_doubles", doubleArrayOf(1.0, 2.0)).put("no_doubles", DoubleArray(0))
        .put("odd_doubles", doubleArrayOf(1.5, Double.NaN, Double.NEGATIVE_INFINITY))
        .put("nested", Config.of("Inner").put("k", 1)).put("children", listOf(Config.of("A"), Config.of("B").put("x", 2.5)))
        .put("no_children", emptyList<Config>())

    test("every config value reads back as the same Java type and value") {
        val back = ConfigJson.fromJson(ConfigJson.toJson(every))
        back shouldBe every
        val f = back.fields()
        f["int"].shouldBeInstanceOf<Int>()
        f["long"] shouldBe 5L
        f["long"].shouldBeInstanceOf<Long>()
        f["big_long"] shouldBe 9007199254740993L
        f["min_long"] shouldBe Long.MIN_VALUE
        f["whole_double"].shouldBeInstanceOf<Double>()
        (f["nan"] as Double).isNaN() shouldBe true
        f["inf"] shouldBe Double.POSITIVE_INFINITY
        f["minus_inf"] shouldBe Double.NEGATIVE_INFINITY
        f["none"] shouldBe null
        f["no_ints"].shouldBeInstanceOf<IntArray>()
        f["no_doubles"].shouldBeInstanceOf<DoubleArray>()
        (f["whole_doubles"] as DoubleArray).toList() shouldBe listOf(1.0, 2.0)
        (f["odd_doubles"] as DoubleArray).map { it.toString() } shouldBe listOf("1.5", "NaN", "-Infinity")
        f["no_children"] shouldBe emptyList<Config>()
        ConfigJson.fromJson(ConfigJson.toPrettyJson(every)) shouldBe every
    }

    test("the JSON is strict (no bare NaN), and only values plain JSON cannot tell apart are tagged") {
        val text = ConfigJson.toJson(every)
        text shouldContain """"int":3,"negative":-7,"long":{"long":"5"},"big_long":{"long":"9007199254740993"}"""
        text shouldContain """"double":0.5,"whole_double":2.0,"tiny":1.0E-5,"nan":{"double":"NaN"},"inf":{"double":"Infinity"},"minus_inf":{"double":"-Infinity"}"""
        text shouldContain """"bool":true,"string":"same","none":null,"ints":[1,2],"no_ints":{"ints":[]},"doubles":[0.9,0.999]"""
        text shouldContain """"no_doubles":{"doubles":[]},"odd_doubles":[1.5,{"double":"NaN"},{"double":"-Infinity"}]"""
        text shouldContain """"children":[{"type":"A","fields":{}},{"type":"B","fields":{"x":2.5}}],"no_children":[]"""
        // A strict parser, as Python's json.loads(..., parse_constant=fail) would be, accepts it.
        Regex("""(?<![A-Za-z"])(NaN|Infinity)(?!")""").find(text) shouldBe null
        Json.parseToJsonElement(text)
    }

    test("checkpoint values (maps, long arrays) use the same codec") {
        val state = linkedMapOf<String, Any?>("last_epoch" to 4, "best" to Double.POSITIVE_INFINITY, "step" to 12L,
            "base_lrs" to doubleArrayOf(0.1, 0.01), "params" to intArrayOf(0, 1, 2), "rng" to longArrayOf(-1, Long.MAX_VALUE, 3),
            "nested" to mapOf("_schedulers.0" to mapOf("last_epoch" to 1)), "flag" to false, "none" to null)
        val json = JsonValues.encode(state, "state")
        json.toString() shouldContain """"params":[0,1,2],"rng":{"longs":["-1","9223372036854775807","3"]}"""
        @Suppress("UNCHECKED_CAST")
        val back = JsonValues.decode(json, "state", JsonValues.Objects.MAPS) as Map<String, Any?>
        back.keys shouldBe state.keys
        back["last_epoch"] shouldBe 4
        back["best"] shouldBe Double.POSITIVE_INFINITY
        back["step"] shouldBe 12L
        (back["base_lrs"] as DoubleArray).toList() shouldBe listOf(0.1, 0.01)
        (back["params"] as IntArray).toList() shouldBe listOf(0, 1, 2)
        (back["rng"] as LongArray).toList() shouldBe listOf(-1L, Long.MAX_VALUE, 3L)
        back["nested"] shouldBe mapOf("_schedulers.0" to mapOf("last_epoch" to 1))
        back["flag"] shouldBe false
        back["none"] shouldBe null
        shouldThrow<IllegalArgumentException> { JsonValues.encode(mapOf("long" to 1), "state") }.message!! shouldContain
            "single key 'long'"
    }

    test("files written before the one codec still read: plain longs, {\"ints\": …}, bare NaN, and [] for no children") {
        ConfigJson.fromJson("""{"type":"X","fields":{"seed":12345678901,"n":5}}""").fields() shouldBe
            mapOf("seed" to 12345678901L, "n" to 5)
        (ConfigJson.fromJson("""{"type":"X","fields":{"sizes":{"ints":[3,4]}}}""").fields()["sizes"] as IntArray).toList() shouldBe listOf(3, 4)
        val bare = ConfigJson.fromJson("""{"type":"X","fields":{"eps":NaN,"hi":Infinity,"lo":-Infinity}}""").fields()
        (bare["eps"] as Double).isNaN() shouldBe true
        bare["hi"] shouldBe Double.POSITIVE_INFINITY
        bare["lo"] shouldBe Double.NEGATIVE_INFINITY
        val p = dir.resolve("old-empty.safetensors")
        writeSafetensors(p, emptyMap(), mapOf(JsonKeys.FORMAT to FormatVersion.CURRENT.toJson(),
            JsonKeys.ARCHITECTURE to """{"type":"Sequential","fields":{"modules":[]}}"""))
        loadModel(p).config() shouldBe Sequential().config()
    }

    test("an empty Sequential, and one holding an empty Sequential, round-trip through a model file") {
        for ((i, model) in listOf(Sequential(), Sequential(Linear(2, 3), Sequential(), ReLU())).withIndex()) {
            val p = dir.resolve("empty$i.safetensors")
            model.save(p)
            val back = loadModel(p)
            back.config() shouldBe model.config()
            back.toString() shouldBe model.toString()
        }
    }

    test("a wrong value is refused naming where it is and what came") {
        shouldThrow<IllegalArgumentException> { ConfigJson.fromJson("""{"type":"X","fields":{"n":{"long":"five"}}}""") }.message!! shouldContain
            "config.X.n: expected an int64 (as a decimal string), got \"five\""
        shouldThrow<IllegalArgumentException> { ConfigJson.fromJson("""{"type":"X","fields":{"n":[1,"a"]}}""") }.message!! shouldContain
            "config.X.n: a list must hold only numbers or only layer configs"
        shouldThrow<IllegalArgumentException> { ConfigJson.fromJson("""{"type":"X","fields":{"n":[1,99999999999]}}""") }.message!! shouldContain
            "config.X.n[1]: expected an int, got 99999999999"
        shouldThrow<IllegalArgumentException> { ConfigJson.fromJson("""{"type":"X","fields":{"n":{"longs":[1,2]}}}""") }
            .message!! shouldContain "config.X.n: a config field cannot hold a long[]"
    }
})
