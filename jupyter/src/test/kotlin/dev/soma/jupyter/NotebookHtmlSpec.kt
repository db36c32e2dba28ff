package dev.soma.jupyter

import dev.soma.dsl.*
import dev.soma.tensor.Generator
import dev.soma.tensor.Tensor
import dev.soma.train.History
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.util.Base64

class NotebookHtmlSpec : FunSpec({
    test("a tensor shows its shape, dtype and values, escaped") {
        NotebookHtml.tensor(tensorOf(1f, 2.5f)) shouldBe
            "<div class=\"soma-tensor\"><b>Tensor</b> shape [2] · float32<pre>tensor([1.0000, 2.5000], shape=[2])</pre></div>"
        NotebookHtml.tensor(Tensor.randint(Generator(1), 0, 3, 2, 2)) shouldContain "shape [2, 2] · int64"
        NotebookHtml.tensor(tensorOf(1f).requiresGrad(true)) shouldContain " · requires_grad<pre>"
    }

    test("a large tensor is an excerpt, as PyTorch prints it") {
        val html = NotebookHtml.tensor(Tensor.zeros(100, 100))
        html shouldContain "shape [100, 100]"
        html shouldContain "..."
        (html.length < 2000) shouldBe true
    }

    test("a network built with an input shape shows its summary table; one without, its printout and size") {
        val html = NotebookHtml.module(network(input = shape(4)) { linear(3); relu(); linear(2) })
        html shouldContain "<tr><td>0 (Linear)</td><td>[1, 3]</td><td>15</td><td>12</td></tr>"
        html shouldContain "<tr><td>2 (Linear)</td><td>[1, 2]</td><td>8</td><td>6</td></tr>"
        html shouldContain "Total params: 23"
        val plain = NotebookHtml.module(network { linear(4, 3) })
        plain shouldContain "Linear(in_features=4, out_features=3, bias=True)"
        plain shouldContain "15 parameters"
    }

    test("a history shows its curves as an inline PNG and its table") {
        val h = History()
        h.addEpoch(linkedMapOf("loss" to 0.9, "val_loss" to 1.0))
        h.addEpoch(linkedMapOf("loss" to 0.5, "val_loss" to 0.7))
        val html = NotebookHtml.history(h)
        val png = Base64.getDecoder().decode(html.substringAfter("base64,").substringBefore("\""))
        png.copyOfRange(1, 4).toString(Charsets.US_ASCII) shouldBe "PNG"
        html shouldContain "<pre>" + NotebookHtml.escape(h.toString()) + "</pre>"
        NotebookHtml.history(History()) shouldNotContain "<img"
    }

    test("the five special characters are escaped") {
        NotebookHtml.escape("<a href=\"x\">'&'</a>") shouldBe "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
    }
})
