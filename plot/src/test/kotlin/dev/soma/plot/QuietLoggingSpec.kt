package dev.soma.plot

import dev.soma.train.History
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** Draws one history's curves as PNG and says how many bytes it made: the first plot of a fresh JVM. */
object DrawOnce {
    @JvmStatic
    fun main(args: Array<String>) {
        val h = History()
        h.addEpoch(linkedMapOf("loss" to 1.0))
        h.addEpoch(linkedMapOf("loss" to 0.5))
        println("png " + (TrainingCurves.png(h).size > 1000))
    }
}

class QuietLoggingSpec : FunSpec({
    test("the first plot of a JVM prints nothing but its result: no SLF4J \"Failed to load class\" warning") {
        val java = Path.of(System.getProperty("java.home"), "bin", "java").toString()
        val process = ProcessBuilder(java, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), DrawOnce::class.java.name)
            .redirectErrorStream(true).start()
        val output = process.inputStream.bufferedReader().readText()
        process.waitFor(120, TimeUnit.SECONDS) shouldBe true
        output shouldBe "png true\n"
    }
})
