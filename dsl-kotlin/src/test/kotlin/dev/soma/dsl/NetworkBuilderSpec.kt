package dev.soma.dsl

import dev.soma.nn.Linear
import dev.soma.nn.Maxout
import dev.soma.nn.Module
import dev.soma.nn.Parallel
import dev.soma.nn.ReLU
import dev.soma.nn.Sequential
import dev.soma.tensor.Generator
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.checkAll
import java.lang.reflect.Modifier
import java.lang.reflect.ParameterizedType
import java.lang.reflect.Type
import java.lang.reflect.WildcardType
import java.nio.file.Files
import java.nio.file.Paths

class NetworkBuilderSpec : FunSpec({
    test("the quick-start network has PyTorch's names and the textbook parameter count") {
        val model = network { linear(3072, 100); relu(); linear(100, 10) }
        model.stateDict().keys.toList() shouldBe listOf("0.weight", "0.bias", "2.weight", "2.bias")
        model.parameterCount() shouldBe 308_310L
        model(randn(4, 3072)).shape shouldBe listOf(4, 10)
    }

    test("shape() makes a per-sample SampleShape that a network body can read back, apart from tensor.Shape") {
        val input: SampleShape = shape(1, 28, 28)
        input.dims shouldBe listOf(1, 28, 28)
        input.toString() shouldBe "(1, 28, 28)"
        var seen: SampleShape? = null
        network(input = input) { flatten(); seen = outputShape; linear(10) }
        seen shouldBe shape(784)
        dev.soma.tensor.Shape.numel(input.dims.toIntArray()) shouldBe 784
    }

    test("a layer without a shape rule stops inference instead of failing the build") {
        class Wrapped : Module() {
            val inner: Linear = registerModule("inner", Linear(4, 4))
            override fun forward(input: dev.soma.tensor.Tensor): dev.soma.tensor.Tensor = inner.forward(input)
            override fun config(): dev.soma.nn.Config = dev.soma.nn.Config.of("Wrapped")
        }
        var after: SampleShape? = shape(0)
        val model = network(input = shape(4)) { add(Wrapped()); after = outputShape; linear(4, 2) }
        after shouldBe null
        model(randn(3, 4)).shape shouldBe listOf(3, 2)
        val e = shouldThrow<IllegalArgumentException> { network(input = shape(4)) { add(Wrapped()); linear(2) } }
        e.message shouldContain "cannot infer its input size"
    }

    test("with an input shape, sizes are inferred from the previous layer") {
        val model = network(input = shape(784)) { linear(256); relu(); dropout(0.2); linear(10) }
        (model.get(0) as Linear).inFeatures shouldBe 784
        (model.get(3) as Linear).inFeatures shouldBe 256
        model(randn(2, 784)).shape shouldBe listOf(2, 10)
        val flat = network(input = shape(1, 28, 28)) { flatten(); linear(32); maxout(8, pieces = 3) }
        (flat.get(1) as Linear).inFeatures shouldBe 784
        (flat.get(2) as Maxout).inFeatures shouldBe 32
    }

    test("a mismatch is reported when the network is built, naming layer, position and shapes") {
        val e = shouldThrow<IllegalArgumentException> {
            network(input = shape(784)) { linear(256); relu(); linear(100, 10) }
        }
        e.message!! shouldContain "layer 2 (Linear)"
        e.message!! shouldContain "(256)"
        e.message!! shouldContain "expected input (*, 100)"
        shouldThrow<IllegalArgumentException> { network { relu(); linear(10) } }.message!! shouldContain "without an input shape"
    }

    test("named blocks prefix state-dict names; repeat flattens into the sequence") {
        val model = network(input = shape(8)) {
            block("stem") { linear(16); relu() }
            repeat(2) { linear(16); relu() }
            block("head") { linear(3) }
        }
        model.stateDict().keys.toList() shouldBe listOf("stem.0.weight", "stem.0.bias", "1.weight", "1.bias", "3.weight", "3.bias",
            "head.0.weight", "head.0.bias")
        model(randn(5, 8)).shape shouldBe listOf(5, 3)
    }

    test("residual and parallel blocks compose, with projections and merges") {
        val model = network(input = shape(6)) {
            residual { linear(6); relu() }
            residual(projection = Linear(6, 4)) { linear(4) }
            parallel(merge = Parallel.Merge.CONCAT) {
                branch { linear(3) }
                branch { linear(5); relu() }
            }
            linear(2)
        }
        (model.get(3) as Linear).inFeatures shouldBe 8
        model(randn(7, 6)).shape shouldBe listOf(7, 2)
        model.stateDict().keys.first() shouldBe "0.body.0.weight"
        shouldThrow<IllegalArgumentException> { network(input = shape(6)) { residual { linear(4) } } }.message!! shouldContain "projection"
    }

    test("any user module can be inserted with add()") {
        class Double : Module() {
            override fun forward(input: dev.soma.tensor.Tensor) = input.mul(2f)
            override fun config() = dev.soma.nn.Config.of("Double")
        }
        val model = network(input = shape(3)) { add(Double()); linear(2) }
        model.get(0)::class shouldBe Double::class
        val x = dev.soma.tensor.Tensor.of(floatArrayOf(1f, -2f, 3f), 1, 3)
        model(x).toFloatArray().toList() shouldBe (model.get(1) as Linear).forward(x.mul(2f)).toFloatArray().toList()
    }

    test("outer builders are not reachable from inner blocks: every builder receiver carries the @DslMarker SomaDsl") {
        // Kotlin refuses an implicit call to an outer receiver (`network { parallel { linear(3) } }` calling the
        // NetworkBuilder's linear inside the ParallelBuilder block) exactly when both receiver types carry one
        // @DslMarker annotation. That is a compile-time rule, so check its two premises in the compiled classes.
        val marker = SomaDsl::class.java
        // 1. SomaDsl is itself annotated @DslMarker (binary retention: present in the class file, not to reflection)
        val markerClass = marker.getResourceAsStream(marker.simpleName + ".class")!!.use { it.readBytes() }
        String(markerClass, Charsets.ISO_8859_1) shouldContain "Lkotlin/DslMarker;"
        // 2. every type a DSL function takes a `Receiver.() -> Unit` block for carries @SomaDsl
        val receivers = dslClasses().flatMap { c -> c.declaredMethods.filter { Modifier.isPublic(it.modifiers) }.asIterable() }
            .flatMap { it.genericParameterTypes.asIterable() }
            .filterIsInstance<ParameterizedType>()
            .filter { it.rawType == kotlin.jvm.functions.Function1::class.java }
            .map { receiverClass(it.actualTypeArguments[0]) }
            .filter { it.packageName == "dev.soma.dsl" }
            .toSet()
        receivers shouldContainAll setOf(NetworkBuilder::class.java, ParallelBuilder::class.java, FitConfig::class.java)
        for (r in receivers) withClue(r.name) { r.isAnnotationPresent(marker) shouldBe true }
    }

    test("a layer with several inputs is called as model(a, b); model(x) still runs the one-input forward") {
        val b = dev.soma.nn.Bilinear(2, 2, 1)
        b.loadStateDict(mapOf("weight" to dev.soma.tensor.Tensor.of(floatArrayOf(1f, 2f, 3f, 4f), 1, 2, 2),
            "bias" to dev.soma.tensor.Tensor.of(0.5f)), true)
        val x1 = dev.soma.tensor.Tensor.of(floatArrayOf(1f, 1f), 1, 2)
        val x2 = dev.soma.tensor.Tensor.of(floatArrayOf(1f, 0f), 1, 2)
        b(x1, x2).toFloatArray().toList() shouldBe listOf(4.5f)               // x1ᵀ W x2 = 1 + 3, + 0.5
        val asModule: Module = b
        asModule(x1, x2).toFloatArray().toList() shouldBe listOf(4.5f)
        shouldThrow<IllegalArgumentException> { b(x1) }.message!! shouldContain "takes 2 inputs (input1, input2), got 1"
        val mlp = network { linear(2, 3); relu() }
        mlp(x1).shape shouldBe listOf(1, 3)
        shouldThrow<IllegalArgumentException> { mlp(x1, x2) }.message!! shouldContain "Sequential: takes 1 input (input), got 2"
        b.summary(shape(2), shape(2)).macs() shouldBe 2L * 2 * 1
        mlp.summary(shape(2)).macs() shouldBe 6L
        shouldThrow<IllegalArgumentException> { network(input = shape(2)) { add(dev.soma.nn.Bilinear(2, 2, 1)) } }
            .message!! shouldContain "takes 2 inputs"
    }

    test("random stacks built with the DSL and with the Java API agree in outputs and names") {
        checkAll(PropTestConfig(seed = 11L, iterations = 40), Arb.list(Arb.int(0, 5), 1..6), Arb.int(1, 12)) { kinds, width ->
            val dsl = network(input = shape(width), generator = Generator(3)) {
                for (k in kinds) when (k) {
                    0 -> linear(width)
                    1 -> relu()
                    2 -> tanh()
                    3 -> dropout(0.0)
                    4 -> leakyRelu(0.1)
                    else -> gelu()
                }
            }
            val g = Generator(3)
            val core = Sequential(kinds.map { k ->
                when (k) {
                    0 -> Linear(width, width, true, g)
                    1 -> ReLU()
                    2 -> dev.soma.nn.Tanh()
                    3 -> dev.soma.nn.Dropout(0.0, g)
                    4 -> dev.soma.nn.LeakyReLU(0.1)
                    else -> dev.soma.nn.GELU("none")
                }
            })
            dsl.stateDict().keys shouldBe core.stateDict().keys
            val x = randn(3, width, generator = Generator(9))
            dsl(x).toFloatArray().toList() shouldBe core(x).toFloatArray().toList()
        }
    }
})

/** The compiled classes of package dev.soma.dsl (top-level functions' facades included), read from the classes folder. */
private fun dslClasses(): List<Class<*>> {
    val dir = Paths.get(NetworkBuilder::class.java.protectionDomain.codeSource.location.toURI()).resolve("dev/soma/dsl")
    return Files.list(dir).use { files ->
        files.map { it.fileName.toString() }.filter { it.endsWith(".class") }.toList()
    }.map { Class.forName("dev.soma.dsl." + it.removeSuffix(".class")) }
}

/** The class of a `Function1` type argument: `? super NetworkBuilder` is NetworkBuilder. */
private fun receiverClass(t: Type): Class<*> = when (t) {
    is Class<*> -> t
    is ParameterizedType -> receiverClass(t.rawType)
    is WildcardType -> receiverClass(t.lowerBounds.firstOrNull() ?: t.upperBounds[0])
    else -> Any::class.java
}
