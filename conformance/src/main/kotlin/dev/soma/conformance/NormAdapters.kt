package dev.soma.conformance

import dev.soma.nn.BatchNorm1d
import dev.soma.nn.BatchNorm2d
import dev.soma.nn.Dropout2d
import dev.soma.nn.Functional
import dev.soma.nn.GroupNorm
import dev.soma.nn.InstanceNorm1d
import dev.soma.nn.InstanceNorm2d
import dev.soma.nn.LayerNorm
import dev.soma.nn.LocalResponseNorm
import kotlinx.serialization.json.JsonNull

/**
 * Family `norm`: F.batch_norm, F.group_norm, F.instance_norm, F.layer_norm, F.normalize and F.local_response_norm, and
 * the BatchNorm, LayerNorm, GroupNorm, InstanceNorm, LocalResponseNorm and Dropout2d modules (the runner loads their
 * parameters and buffers from the case and checks the buffers after a training forward).
 */
object NormAdapters {
    fun register(r: AdapterRegistry) {
        r.function("batch_norm") { a, x ->
            output(Functional.batchNorm(x["input"], x.optional("running_mean"), x.optional("running_var"), x.optional("weight"),
                x.optional("bias"), a.bool("training", false), a.double("momentum", 0.1), a.double("eps", 1e-5)))
        }
        r.function("instance_norm") { a, x ->
            output(Functional.instanceNorm(x["input"], x.optional("running_mean"), x.optional("running_var"), x.optional("weight"),
                x.optional("bias"), a.bool("use_input_stats", true), a.double("momentum", 0.1), a.double("eps", 1e-5)))
        }
        r.function("group_norm") { a, x ->
            output(Functional.groupNorm(x["input"], a.int("num_groups"), x.optional("weight"), x.optional("bias"), a.double("eps", 1e-5)))
        }
        r.function("layer_norm") { a, x ->
            output(Functional.layerNorm(x["input"], a.ints("normalized_shape"), x.optional("weight"), x.optional("bias"), a.double("eps", 1e-5)))
        }
        r.function("normalize") { a, x ->
            output(Functional.normalize(x["input"], a.double("p", 2.0), a.int("dim", 1), a.double("eps", 1e-12)))
        }
        r.function("local_response_norm") { a, x ->
            output(Functional.localResponseNorm(x["input"], a.int("size"), a.double("alpha", 1e-4), a.double("beta", 0.75), a.double("k", 1.0)))
        }
        r.module("BatchNorm1d", ModuleAdapter({ a -> BatchNorm1d(a.int("num_features"), a.double("eps", 1e-5), momentum(a),
            a.bool("affine", true), a.bool("track_running_stats", true)) }))
        r.module("BatchNorm2d", ModuleAdapter({ a -> BatchNorm2d(a.int("num_features"), a.double("eps", 1e-5), momentum(a),
            a.bool("affine", true), a.bool("track_running_stats", true)) }))
        r.module("InstanceNorm1d", ModuleAdapter({ a -> InstanceNorm1d(a.int("num_features"), a.double("eps", 1e-5),
            a.double("momentum", 0.1), a.bool("affine", false), a.bool("track_running_stats", false)) }))
        r.module("InstanceNorm2d", ModuleAdapter({ a -> InstanceNorm2d(a.int("num_features"), a.double("eps", 1e-5),
            a.double("momentum", 0.1), a.bool("affine", false), a.bool("track_running_stats", false)) }))
        r.module("LayerNorm", ModuleAdapter({ a -> LayerNorm(a.ints("normalized_shape"), a.double("eps", 1e-5), a.bool("elementwise_affine", true)) }))
        r.module("GroupNorm", ModuleAdapter({ a -> GroupNorm(a.int("num_groups"), a.int("num_channels"), a.double("eps", 1e-5), a.bool("affine", true)) }))
        r.module("LocalResponseNorm", ModuleAdapter({ a -> LocalResponseNorm(a.int("size"), a.double("alpha", 1e-4), a.double("beta", 0.75),
            a.double("k", 1.0)) }))
        r.module("Dropout2d", ModuleAdapter({ a -> Dropout2d(a.double("p", 0.5)) }))
    }

    // momentum: absent = 0.1, null = None (a cumulative average).
    private fun momentum(a: Attrs): Double? =
        if (a.json["momentum"] is JsonNull) { a.raw("momentum"); null } else a.double("momentum", 0.1)
}
