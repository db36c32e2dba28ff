package dev.soma.dsl

import dev.soma.data.Batch
import dev.soma.data.DataLoader
import dev.soma.data.Dataset
import dev.soma.data.FashionMnist
import dev.soma.tensor.Generator
import java.nio.file.Path

/**
 * Fashion-MNIST's training and test sets (inputs (N, 1, 28, 28) in [0, 1], int64 labels), each file checked against
 * the official one. With [root], only that folder is used; otherwise `$SOMA_DATA`, Debian's
 * `/usr/share/datasets/fashion-mnist` and the download cache are searched. When nothing is found, [download] fetches the
 * files into [root] (or the cache); without it the error says how to get them. `val (train, test) = fashionMnist()`.
 */
fun fashionMnist(root: Path? = null, download: Boolean = false): FashionMnist.Splits {
    val dir = FashionMnist.locate(root).orElse(null)
        ?: if (download) FashionMnist.download(root ?: FashionMnist.CACHE) else FashionMnist.require(root)
    return FashionMnist.load(dir)
}

/** The training set, so that `val (train, test) = fashionMnist()` works. */
operator fun FashionMnist.Splits.component1() = train()

/** The test set. */
operator fun FashionMnist.Splits.component2() = test()

/**
 * Batches of [dataset] as torch.utils.data.DataLoader, with its defaults (batch size 1, in order, the last short batch
 * kept): `dataLoader(train, batchSize = 64, shuffle = true, seed = 1)`. A shuffled loader without a [seed] draws one
 * from the default generator, so `Generator.manualSeed` makes it repeatable.
 */
fun <S> dataLoader(dataset: Dataset<S>, batchSize: Int = 1, shuffle: Boolean = false, seed: Long? = null, dropLast: Boolean = false,
                   prefetch: Int = 2, collate: ((List<S>) -> Batch)? = null): DataLoader<S> {
    val b = DataLoader.builder(dataset).batchSize(batchSize).dropLast(dropLast).prefetch(prefetch)
    if (shuffle) b.shuffle(seed ?: Generator.defaultGenerator().nextLong())
    else require(seed == null) { "dataLoader: a seed only orders a shuffled loader; give shuffle = true or no seed" }
    collate?.let { f -> b.collate { samples -> f(samples) } }
    return b.build()
}
