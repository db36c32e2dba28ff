package dev.soma.conformance

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Test

/** The golden folder is where Surefire says and holds the families the adapters cover, each well-formed. */
class GoldenDirTests {
    private val covered = listOf("elementwise", "shape", "matmul", "linear", "optim")

    @Test fun `golden dir exists and holds the covered families`() {
        val dir = try { GoldenFiles.dir() } catch (e: IllegalStateException) {
            fail<Nothing>("golden cases not found (system property ${GoldenFiles.PROPERTY} = ${System.getProperty(GoldenFiles.PROPERTY)}): ${e.message}")
        }
        val families = GoldenFiles.families(dir)
        for (f in covered) assertTrue(f in families, "golden folder $dir has no $f.json (has ${families.keys})")
        for ((name, file) in families) {
            val family = GoldenFamily.read(file)
            assertEquals(name, family.family, "$file declares family '${family.family}'")
            assertTrue(family.cases.isNotEmpty(), "$file has no cases")
            val names = family.cases.map { it.name }
            assertEquals(names.size, names.toSet().size, "$file repeats case names")
        }
    }
}
