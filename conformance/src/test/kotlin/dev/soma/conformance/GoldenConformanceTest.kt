package dev.soma.conformance

import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assumptions
import org.junit.jupiter.api.DynamicContainer
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.TestInstance
import java.nio.file.Paths

/**
 * Every golden case as a dynamic test: one container per family file, one test per case named as the case.
 * Cases whose op has no adapter are aborted (skipped); after all of them, one summary line per family is
 * printed and target/golden-report.json is written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoldenConformanceTest {
    private val runner = GoldenRunner()
    private val report = GoldenReport()

    @TestFactory
    fun golden(): List<DynamicContainer> = GoldenFiles.families().map { (family, file) ->
        val cases = GoldenFamily.read(file).cases
        DynamicContainer.dynamicContainer(family, file.toUri(), cases.stream().map { case ->
            DynamicTest.dynamicTest(case.name) { run(family, case) }
        })
    }

    private fun run(family: String, case: GoldenCase) {
        try {
            runner.run(case)
        } catch (s: CaseSkipped) {
            report.skipped(family, case.name, s.message ?: "skipped")
            Assumptions.abort<Unit>(s.message ?: "skipped")
        } catch (t: Throwable) {
            report.failed(family, case.name, t.message ?: t.javaClass.name)
            throw t
        }
        report.passed(family, case.name)
    }

    @AfterAll
    fun summarize() {
        report.lines().forEach(::println)
        report.write(Paths.get("target", "golden-report.json"))
    }
}
