package dev.soma.conformance

import dev.soma.nn.Functional
import dev.soma.nn.Reduction

/** Family `loss`: every torch.nn.functional loss; `reduction` is always given. */
object LossAdapters {
    fun register(r: AdapterRegistry) {
        fun red(a: Attrs) = Reduction.of(a.string("reduction", "mean"))
        r.function("mse_loss") { a, x -> output(Functional.mseLoss(x["input"], x["target"], red(a))) }
        r.function("l1_loss") { a, x -> output(Functional.l1Loss(x["input"], x["target"], red(a))) }
        r.function("smooth_l1_loss") { a, x -> output(Functional.smoothL1Loss(x["input"], x["target"], red(a), a.double("beta", 1.0))) }
        r.function("huber_loss") { a, x -> output(Functional.huberLoss(x["input"], x["target"], red(a), a.double("delta", 1.0))) }
        r.function("binary_cross_entropy") { a, x ->
            output(Functional.binaryCrossEntropy(x["input"], x["target"], x.optional("weight"), red(a)))
        }
        r.function("binary_cross_entropy_with_logits") { a, x ->
            output(Functional.binaryCrossEntropyWithLogits(x["input"], x["target"], x.optional("weight"), x.optional("pos_weight"), red(a)))
        }
        r.function("cross_entropy") { a, x ->
            output(Functional.crossEntropy(x["input"], x["target"], x.optional("weight"), a.int("ignore_index", -100), red(a),
                a.double("label_smoothing", 0.0)))
        }
        r.function("nll_loss") { a, x ->
            output(Functional.nllLoss(x["input"], x["target"], x.optional("weight"), a.int("ignore_index", -100), red(a)))
        }
        r.function("multi_margin_loss") { a, x ->
            output(Functional.multiMarginLoss(x["input"], x["target"], a.int("p", 1), a.double("margin", 1.0), x.optional("weight"), red(a)))
        }
        r.function("kl_div") { a, x -> output(Functional.klDiv(x["input"], x["target"], a.string("reduction", "mean"), a.bool("log_target", false))) }
        r.function("hinge_embedding_loss") { a, x ->
            output(Functional.hingeEmbeddingLoss(x["input"], x["target"], a.double("margin", 1.0), red(a)))
        }
        r.function("soft_margin_loss") { a, x -> output(Functional.softMarginLoss(x["input"], x["target"], red(a))) }
        r.function("cosine_embedding_loss") { a, x ->
            output(Functional.cosineEmbeddingLoss(x["input1"], x["input2"], x["target"], a.double("margin", 0.0), red(a)))
        }
        r.function("margin_ranking_loss") { a, x ->
            output(Functional.marginRankingLoss(x["input1"], x["input2"], x["target"], a.double("margin", 0.0), red(a)))
        }
    }
}
