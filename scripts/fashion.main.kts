// Trains a small network on Fashion-MNIST, prints its summary and history, and saves its training curves:
//   scripts/kts scripts/fashion.main.kts [EPOCHS] [TRAINING_IMAGES] [CURVES_FILE]
// (defaults: 3 epochs, all 60,000 images, fashion-curves.png in the current folder).
@file:DependsOn("dev.soma:soma-dsl:0.1.0-SNAPSHOT")
@file:DependsOn("dev.soma:soma-plot:0.1.0-SNAPSHOT")

import dev.soma.data.TensorDataset
import dev.soma.dsl.*
import dev.soma.plot.savePlot
import java.nio.file.Path

val epochs = args.getOrNull(0)?.toInt() ?: 3
val (train, test) = fashionMnist(download = true)
val images = minOf(args.getOrNull(1)?.toInt() ?: train.size(), train.size())
val curves = Path.of(args.getOrNull(2) ?: "fashion-curves.png")

val first = TensorDataset(train.tensor(0).narrow(0, 0, images), train.tensor(1).narrow(0, 0, images))
val model = network(input = shape(1, 28, 28)) { flatten(); linear(128); relu(); linear(10) }
println(model.summary())
val history = model.fit(dataLoader(first, batchSize = 64, shuffle = true, seed = 1), epochs) {
    optimizer = adam(lr = 1e-3)
    validate(dataLoader(test, batchSize = 1000))
}
println(history)
history.savePlot(curves)
println("curves: ${curves.toAbsolutePath()}")
