package dev.soma.conformance

import dev.soma.optim.OptimizerFactory

/**
 * Family `optim`: every torch.optim class Soma has (plus AdaBound and Lion), built by name through
 * [OptimizerFactory] with the case's attrs as options; PyTorch's defaults fill the rest.
 */
object OptimAdapters {
    fun register(r: AdapterRegistry) {
        for (name in OptimizerFactory.names()) r.optimizer(name) { groups, attrs -> OptimizerFactory.create(name, groups, attrs.options()) }
    }
}
