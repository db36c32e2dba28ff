package dev.soma.dsl

import dev.soma.data.FashionMnist
import dev.soma.data.TensorDataset
import dev.soma.tensor.Generator
import dev.soma.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import java.io.FileNotFoundException
import java.nio.file.Files

class DataSpec : FunSpec({
    // Ten samples whose input is their own index, so a batch shows which samples it holds.
    val numbered = TensorDataset(arange(10).reshape(10, 1), Tensor.ofLongs(LongArray(10) { it.toLong() }, 10))
    fun order(loader: Iterable<dev.soma.data.Batch>) = loader.map { b -> b.inputs().toFloatArray().map { it.toInt() } }

    test("dataLoader batches in order with PyTorch's defaults, keeping or dropping the short last batch") {
        order(dataLoader(numbered, batchSize = 4)) shouldBe listOf(listOf(0, 1, 2, 3), listOf(4, 5, 6, 7), listOf(8, 9))
        order(dataLoader(numbered, batchSize = 4, dropLast = true)) shouldBe listOf(listOf(0, 1, 2, 3), listOf(4, 5, 6, 7))
        dataLoader(numbered).size() shouldBe 10
        order(dataLoader(numbered, batchSize = 5, prefetch = 0)) shouldBe listOf(listOf(0, 1, 2, 3, 4), listOf(5, 6, 7, 8, 9))
    }

    test("a shuffled dataLoader follows its seed, or the default generator without one") {
        val a = dataLoader(numbered, batchSize = 10, shuffle = true, seed = 5)
        val b = dataLoader(numbered, batchSize = 10, shuffle = true, seed = 5)
        val epochs = List(2) { order(a).single() }
        epochs shouldBe List(2) { order(b).single() }
        epochs[0] shouldNotBe epochs[1]
        epochs[0].sorted() shouldBe (0 until 10).toList()
        epochs[0] shouldNotBe (0 until 10).toList()
        Generator.manualSeed(8)
        val c = order(dataLoader(numbered, batchSize = 10, shuffle = true)).single()
        Generator.manualSeed(8)
        order(dataLoader(numbered, batchSize = 10, shuffle = true)).single() shouldBe c
    }

    test("dataLoader takes a collate function and refuses a seed without shuffling") {
        val rows = object : dev.soma.data.Dataset<Int> {
            override fun size() = 3
            override fun get(i: Int) = i
        }
        val sums = dataLoader(rows, batchSize = 2, collate = { s -> dev.soma.data.Batch(tensorOf(*s.map { it.toFloat() }.toFloatArray()), null) })
        order(sums) shouldBe listOf(listOf(0, 1), listOf(2))
        shouldThrow<IllegalArgumentException> { dataLoader(numbered, seed = 1) }.message shouldContain "shuffle = true"
    }

    test("fashionMnist with a folder lacking the files names it, and does not look elsewhere") {
        val empty = tempdir("soma-data").toPath()
        val e = shouldThrow<FileNotFoundException> { fashionMnist(root = empty) }
        e.message shouldContain empty.toString()
        e.message shouldContain "train-images-idx3-ubyte"
    }

    test("fashionMnist loads both splits from a named folder").config(enabledIf = { FashionMnist.locate(FashionMnist.DEBIAN).isPresent }) {
        val copy = tempdir("soma-data").toPath()
        Files.list(FashionMnist.DEBIAN).use { files -> files.forEach { Files.copy(it, copy.resolve(it.fileName)) } }
        val (train, test) = fashionMnist(root = copy, download = true)    // present: nothing is downloaded
        train.size() shouldBe 60000
        test.size() shouldBe 10000
        train.tensor(0).shape shouldBe listOf(60000, 1, 28, 28)
        val batch = dataLoader(test, batchSize = 64).first()
        batch.inputs().shape shouldBe listOf(64, 1, 28, 28)
        batch.targets().shape shouldBe listOf(64)
    }
})
