package dev.soma.serialization

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class FormatVersionSpec : FunSpec({
    test("the version stamp round-trips through JSON") {
        val json = FormatVersion.CURRENT.toJson()
        json shouldBe """{"format":"soma-model","version":1}"""
        FormatVersion.fromJson(json) shouldBe FormatVersion.CURRENT
    }
})
