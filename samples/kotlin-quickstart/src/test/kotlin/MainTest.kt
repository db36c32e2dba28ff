import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Test

class MainTest {
    @Test
    fun `the README quick start runs as written and prints what the README promises`() {
        val out = ByteArrayOutputStream()
        val saved = System.out
        System.setOut(PrintStream(out))
        try {
            main()
        } finally {
            System.setOut(saved)
        }
        assertEquals(listOf("[0.weight, 0.bias, 2.weight, 2.bias]", "308310", "[4, 10]"), out.toString().trim().lines())
    }

    @Test
    fun `the README shows exactly this program`() {
        val readme = Path.of("../../README.md")
        assumeTrue(Files.exists(readme), "not inside the Soma repository")
        val text = Files.readString(readme)
        val program = Files.readString(Path.of("src/main/kotlin/Main.kt")).trim()
        assertTrue(text.contains(program), "README.md's Kotlin quick start differs from src/main/kotlin/Main.kt")
    }
}
