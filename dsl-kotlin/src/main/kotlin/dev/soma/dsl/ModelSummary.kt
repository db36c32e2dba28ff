package dev.soma.dsl

import dev.soma.nn.Module
import dev.soma.nn.Sequential
import dev.soma.profile.Summary

/**
 * The efficiency summary for the input shape the network was built with (`network(input = shape(…)) { … }`, a batch
 * of one); a network built without one needs `summary(shape(…))`.
 */
fun Module.summary(): Summary {
    val input = (this as? Sequential)?.inputShape() ?: throw IllegalArgumentException("summary(): ${typeName()} was built without an "
        + "input shape; give one, summary(shape(…)), or build with network(input = shape(…)) { … }")
    return summary(shape(*input))
}
