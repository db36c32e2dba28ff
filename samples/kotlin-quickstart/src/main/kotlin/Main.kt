import dev.soma.dsl.*

fun main() {
    val model = network { linear(3072, 100); relu(); linear(100, 10) }
    println(model.stateDict().keys)     // [0.weight, 0.bias, 2.weight, 2.bias]
    println(model.parameterCount())     // 308310
    val y = model(randn(4, 3072))       // Module.invoke = forward
    println(y.shape)                    // [4, 10]
}
