package dev.soma.jupyter

import dev.soma.data.DataLoader
import dev.soma.data.TensorDataset
import dev.soma.dsl.*
import dev.soma.tensor.Generator
import dev.soma.tensor.Tensor
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain

class NotebookProgressSpec : FunSpec({
    test("epochs become table rows, the running epoch a bar; batch redraws wait for the interval") {
        val shown = mutableListOf<Pair<String, Boolean>>()
        var now = 0L
        val p = NotebookProgress({ html, first -> shown += html to first }, intervalMillis = 100, clock = { now })
        p.onEpochStart(0, 2, 4)
        p.onBatch(0, 0, 4, linkedMapOf("loss" to 0.5), 1000.0)      // within 100 ms of the start: not drawn
        now = 150
        p.onBatch(0, 1, 4, linkedMapOf("loss" to 0.25), 2000.0)
        p.onEpochEnd(0, 2, linkedMapOf("loss" to 0.25, "accuracy" to 0.75), 1.5, 3000.0)
        shown.map { it.second } shouldBe listOf(true, false, false)
        shown[0].first shouldBe "<div class=\"soma-progress\"><div class=\"soma-running\"><progress value=\"0\" max=\"4\"></progress> " +
            "epoch 1/2 · batch 0/4</div></div>"
        shown[1].first shouldBe "<div class=\"soma-progress\"><div class=\"soma-running\"><progress value=\"2\" max=\"4\"></progress> " +
            "epoch 1/2 · batch 2/4 · loss 0.2500 · 2000 samples/s</div></div>"
        shown[2].first shouldBe "<div class=\"soma-progress\"><table><thead><tr><th>epoch</th><th>loss</th><th>accuracy</th>" +
            "<th>seconds</th><th>samples/s</th></tr></thead><tbody><tr><td>1/2</td><td>0.2500</td><td>0.7500</td><td>1.5</td>" +
            "<td>3000</td></tr></tbody></table></div>"
    }

    test("installed as fit's display it receives the whole run and ends with every epoch's row") {
        val shown = mutableListOf<String>()
        FitProgress.display = { NotebookProgress({ html, _ -> shown += html }) }
        try {
            val data = DataLoader.builder(TensorDataset(randn(8, 2, generator = Generator(3)), Tensor.randint(Generator(4), 0, 2, 8)))
                .batchSize(4).build()
            network(input = shape(2), generator = Generator(1)) { linear(2) }.fit(data, epochs = 3) { validate(data) }
        } finally {
            FitProgress.display = null
        }
        val last = shown.last()
        last shouldContain "<th>val_accuracy</th>"
        listOf("1/3", "2/3", "3/3").forEach { last shouldContain "<tr><td>$it</td>" }
        last shouldNotContain "<progress"
    }
})
