package dev.soma.conformance

import dev.soma.nn.Bilinear
import dev.soma.nn.Embedding
import dev.soma.nn.Flatten
import dev.soma.nn.Identity
import dev.soma.nn.Linear
import dev.soma.nn.Maxout

/** Family `linear`: modules Linear, Bilinear, Embedding, Flatten, Identity, Maxout built from torch.nn constructor kwargs. */
object LinearAdapters {
    fun register(r: AdapterRegistry) {
        r.module("Linear", ModuleAdapter({ a -> Linear(a.int("in_features"), a.int("out_features"), a.bool("bias", true)) }))
        r.module("Bilinear", ModuleAdapter(
            { a -> Bilinear(a.int("in1_features"), a.int("in2_features"), a.int("out_features"), a.bool("bias", true)) },
            { m, x, _ -> output((m as Bilinear).forward(x["input1"], x["input2"])) }))
        r.module("Embedding", ModuleAdapter({ a ->
            if (a.bool("sparse", false)) throw GoldenFormatException("Embedding(sparse=True) has no Soma form")
            Embedding(a.int("num_embeddings"), a.int("embedding_dim"), a.intOrNull("padding_idx"),
                if (a.has("max_norm")) a.double("max_norm", 0.0) else null, a.double("norm_type", 2.0), a.bool("scale_grad_by_freq", false))
        }))
        r.module("Flatten", ModuleAdapter({ a -> Flatten(a.int("start_dim", 1), a.int("end_dim", -1)) }))
        // torch.nn.Identity accepts any constructor arguments and ignores them.
        r.module("Identity", ModuleAdapter({ a -> a.json.keys.forEach(a::raw); Identity() }))
        r.module("Maxout", ModuleAdapter({ a -> Maxout(a.int("in_features"), a.int("out_features"), a.int("pieces")) }))
    }
}
