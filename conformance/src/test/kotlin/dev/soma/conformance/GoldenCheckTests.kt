package dev.soma.conformance

import dev.soma.tensor.Tensor
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The checker and the runner's verdicts on hand-made cases, so the conformance run cannot pass vacuously. */
class GoldenCheckTests {
    private val tol = Tolerance(rtol = 1e-4, atol = 1e-5)

    @Test fun `accepts values within atol plus rtol times expected`() {
        assertNull(Checker.mismatch(Tensor.of(floatArrayOf(1.00005f, -2f), 2), Tensor.of(floatArrayOf(1f, -2.0002f), 2), tol))
    }

    @Test fun `rejects a value outside tolerance naming index, actual and expected`() {
        val e = assertThrows(AssertionError::class.java) {
            Checker.check("op/case", "output", Tensor.of(floatArrayOf(1f, 2f, 3f, 4.01f), 2, 2), Tensor.of(floatArrayOf(1f, 2f, 3f, 4f), 2, 2), tol)
        }
        val m = e.message!!
        assertTrue(m.startsWith("op/case: output: at index [1, 1]"), m)
        assertTrue("4.01" in m && "expected 4.0" in m, m)
    }

    @Test fun `rejects a wrong shape even with the same values`() {
        val m = Checker.mismatch(Tensor.of(floatArrayOf(1f, 2f), 2), Tensor.of(floatArrayOf(1f, 2f), 1, 2), tol)
        assertEquals("shape [2], expected [1, 2]", m)
        assertNotNull(Checker.mismatch(Tensor.scalar(1f), Tensor.of(floatArrayOf(1f), 1), tol))
    }

    @Test fun `ints and bools must be exactly equal and of the same dtype`() {
        val expected = Tensor.ofLongs(longArrayOf(3, 7), 2)
        assertNull(Checker.mismatch(Tensor.ofLongs(longArrayOf(3, 7), 2), expected, tol))
        assertEquals("at index [1] got 8, expected 7 (exact)", Checker.mismatch(Tensor.ofLongs(longArrayOf(3, 8), 2), expected, tol))
        assertNotNull(Checker.mismatch(Tensor.of(floatArrayOf(3f, 7f), 2), expected, tol))
        assertNotNull(Checker.mismatch(Tensor.ofBooleans(booleanArrayOf(true), 1), Tensor.ofBooleans(booleanArrayOf(false), 1), tol))
    }

    @Test fun `a missing actual tensor fails`() {
        assertThrows(AssertionError::class.java) { Checker.check("c", "grad of input", null, Tensor.scalar(0f), tol) }
    }

    @Test fun `parses float, int64, bool and 0-d tensors`() {
        val t = GoldenCase.namedTensors(Json.parseToJsonElement("""[
            {"name": "f", "shape": [2], "data": [0.1, -2.5]},
            {"name": "i", "shape": [1, 2], "dtype": "int64", "data": [4, -1]},
            {"name": "b", "shape": [2], "dtype": "bool", "data": [true, false]},
            {"name": "s", "shape": [], "data": [3]}]"""), "test")
        assertTrue(floatArrayOf(0.1f, -2.5f).contentEquals(t.getValue("f").toFloatArray()))
        assertTrue(longArrayOf(4, -1).contentEquals(t.getValue("i").toLongArray()))
        assertTrue(booleanArrayOf(true, false).contentEquals(t.getValue("b").toBooleanArray()))
        assertEquals(0, t.getValue("s").dim())
    }

    @Test fun `a wrong op result fails a case and an unknown op is skipped`() {
        val registry = AdapterRegistry().apply { function("neg") { _, x -> output(x["input"]) } }
        val runner = GoldenRunner(registry)
        val case = case("neg", """"kind": "function", "inputs": [{"name": "input", "shape": [1], "data": [2]}],
            "outputs": [{"name": "output", "shape": [1], "data": [-2]}]""")
        assertThrows(AssertionError::class.java) { runner.run(case) }
        assertThrows(CaseSkipped::class.java) { runner.run(case("exp", """"kind": "function", "inputs": [], "outputs": []""")) }
    }

    @Test fun `a wrong gradient and an ignored attribute fail`() {
        val registry = AdapterRegistry().apply { function("mul2") { _, x -> output(x["input"].mul(3f)) } }
        val runner = GoldenRunner(registry)
        val grad = case("mul2", """"kind": "function", "inputs": [{"name": "input", "shape": [1], "data": [1]}],
            "outputs": [{"name": "output", "shape": [1], "data": [3]}], "upstream": {"output": {"shape": [1], "data": [1]}},
            "grads": {"input": {"shape": [1], "data": [2]}}""")
        assertTrue(assertThrows(AssertionError::class.java) { runner.run(grad) }.message!!.contains("grad of input"))
        val attr = case("mul2", """"kind": "function", "attrs": {"alpha": 2}, "inputs": [{"name": "input", "shape": [1], "data": [1]}],
            "outputs": [{"name": "output", "shape": [1], "data": [3]}]""")
        assertTrue(assertThrows(AssertionError::class.java) { runner.run(attr) }.message!!.contains("ignored"))
    }

    @Test fun `error cases pass only on deliberate exceptions`() {
        assertTrue(GoldenRunner.isDeliberate(IllegalArgumentException()))
        assertTrue(GoldenRunner.isDeliberate(IllegalStateException()))
        assertTrue(GoldenRunner.isDeliberate(IndexOutOfBoundsException()))
        assertFalse(GoldenRunner.isDeliberate(NumberFormatException()))
        assertFalse(GoldenRunner.isDeliberate(ArrayIndexOutOfBoundsException()))
        assertFalse(GoldenRunner.isDeliberate(StringIndexOutOfBoundsException()))
        assertFalse(GoldenRunner.isDeliberate(NullPointerException()))
        val registry = AdapterRegistry().apply {
            function("quiet") { _, x -> output(x["input"]) }
            function("aioobe") { _, _ -> throw ArrayIndexOutOfBoundsException(3) }
            function("iae") { _, _ -> throw IllegalArgumentException("bad") }
        }
        val runner = GoldenRunner(registry)
        fun error(op: String) = case(op, """"kind": "error", "kind_of_call": "function",
            "inputs": [{"name": "input", "shape": [1], "data": [1]}], "pytorch_error": "RuntimeError: boom"""")
        assertTrue(assertThrows(AssertionError::class.java) { runner.run(error("quiet")) }.message!!.contains("RuntimeError: boom"))
        assertThrows(AssertionError::class.java) { runner.run(error("aioobe")) }
        runner.run(error("iae"))
    }

    @Test fun `report prints one line per family and writes the summary and every case`() {
        val r = GoldenReport()
        r.passed("shape", "reshape/a")
        r.failed("shape", "reshape/b", "shape [2], expected [3]")
        r.skipped("conv", "conv2d/a", "no adapter for function 'conv2d'")
        assertEquals(listOf("shape: 1 passed, 1 failed, 0 skipped", "conv: 0 passed, 0 failed, 1 skipped"), r.lines())
        val json = r.toJson()
        assertEquals("""{"passed":1,"failed":1,"skipped":0}""", json["summary"]!!.let { (it as JsonObject)["shape"].toString() })
        val b = (json["cases"] as JsonObject)["reshape/b"] as JsonObject
        assertEquals("\"failed\"", b["status"].toString())
        assertEquals("\"shape\"", b["family"].toString())
        assertTrue("expected [3]" in b["message"].toString())
    }

    private fun case(op: String, body: String) =
        GoldenCase(Json.parseToJsonElement("""{"name": "$op/t", "op": "$op", $body}""") as JsonObject)
}
