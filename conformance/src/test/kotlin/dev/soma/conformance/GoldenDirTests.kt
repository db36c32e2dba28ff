package dev.soma.conformance

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Test

/**
 * The golden folder is where Surefire says and holds well-formed family files. Any folder in the format works
 * (`-Dgolden.dir=…`), so only the presence of some family is required, not a particular set.
 */
class GoldenDirTests {
    @Test fun `golden dir exists and holds well-formed families`() {
        val dir = try { GoldenFiles.dir() } catch (e: IllegalStateException) {
            fail<Nothing>("golden cases not found (system property ${GoldenFiles.PROPERTY} = ${System.getProperty(GoldenFiles.PROPERTY)}): ${e.message}")
        }
        val families = GoldenFiles.families(dir)
        assertTrue(families.isNotEmpty(), "golden folder $dir holds no FAMILY.json files")
        for ((name, file) in families) {
            val family = GoldenFamily.read(file)
            assertEquals(name, family.family, "$file declares family '${family.family}'")
            assertTrue(family.cases.isNotEmpty(), "$file has no cases")
            val names = family.cases.map { it.name }
            assertEquals(names.size, names.toSet().size, "$file repeats case names")
        }
    }
}
