package dev.soma.conformance

import dev.soma.tensor.Tensor

/** Family `shape`: views, joins and splits, gathers, repeats, flips, rolls, triangles and F.pad. */
object ShapeAdapters {
    fun register(r: AdapterRegistry) {
        r.function("reshape") { a, x -> output(x["input"].reshape(*a.ints("shape"))) }
        r.function("transpose") { a, x -> output(x["input"].transpose(a.int("dim0"), a.int("dim1"))) }
        r.function("permute") { a, x -> output(x["input"].permute(*a.ints("dims"))) }
        r.function("narrow") { a, x -> output(x["input"].narrow(a.int("dim"), a.int("start"), a.int("length"))) }
        r.function("expand") { a, x -> output(x["input"].expand(*a.ints("size"))) }
        r.function("squeeze") { a, x -> output(a.intOrNull("dim")?.let { x["input"].squeeze(it) } ?: x["input"].squeeze()) }
        r.function("unsqueeze") { a, x -> output(x["input"].unsqueeze(a.int("dim"))) }
        r.function("flatten") { a, x -> output(x["input"].flatten(a.int("start_dim", 0), a.int("end_dim", -1))) }
        r.function("cat") { a, x -> output(Tensor.cat(x.sequence("tensors"), a.int("dim", 0))) }
        r.function("stack") { a, x -> output(Tensor.stack(x.sequence("tensors"), a.int("dim", 0))) }
        r.function("split") { a, x ->
            val dim = a.int("dim", 0)
            outputs(if (a.isList("split_size_or_sections")) x["tensor"].split(a.ints("split_size_or_sections"), dim)
                    else x["tensor"].split(a.int("split_size_or_sections"), dim))
        }
        r.function("chunk") { a, x -> outputs(x["input"].chunk(a.int("chunks"), a.int("dim", 0))) }
        r.function("gather") { a, x -> output(x["input"].gather(a.int("dim"), x["index"])) }
        r.function("index_select") { a, x -> output(x["input"].indexSelect(a.int("dim"), x["index"])) }
        r.function("masked_fill") { a, x -> output(x["input"].maskedFill(x["mask"], a.float("value"))) }
        r.function("repeat") { a, x -> output(x["input"].repeat(*a.ints("repeats"))) }
        r.function("flip") { a, x -> output(x["input"].flip(*a.ints("dims"))) }
        r.function("roll") { a, x -> output(x["input"].roll(a.ints("shifts"), a.ints("dims", IntArray(0)))) }
        r.function("tril") { a, x -> output(x["input"].tril(a.int("diagonal", 0))) }
        r.function("triu") { a, x -> output(x["input"].triu(a.int("diagonal", 0))) }
        r.function("pad") { a, x -> output(x["input"].pad(a.ints("pad"), a.string("mode", "constant"), a.float("value", 0f))) }
    }
}
