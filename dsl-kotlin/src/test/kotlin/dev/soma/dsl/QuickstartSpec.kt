package dev.soma.dsl

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.io.ByteArrayOutputStream
import java.io.PrintStream

/** The README's Kotlin quick start, run as written (see README "Kotlin"). */
class QuickstartSpec : FunSpec({
    test("the README snippet prints what the README says") {
        val out = ByteArrayOutputStream()
        val saved = System.out
        System.setOut(PrintStream(out))
        try {
            readmeQuickstart()
        } finally {
            System.setOut(saved)
        }
        out.toString().trim().lines() shouldBe listOf("[0.weight, 0.bias, 2.weight, 2.bias]", "308310", "[4, 10]")
    }
})

// The snippet exactly as in README.md (only `fun main` renamed).
fun readmeQuickstart() {
    val model = network { linear(3072, 100); relu(); linear(100, 10) }
    println(model.stateDict().keys)     // [0.weight, 0.bias, 2.weight, 2.bias]
    println(model.parameterCount())     // 308310
    val y = model(randn(4, 3072))       // Module.invoke = forward
    println(y.shape)                    // [4, 10]
}
