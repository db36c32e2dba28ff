package dev.soma.dsl

import dev.soma.optim.Optimizer
import dev.soma.optim.lr.Scheduler

/** Makes the scheduler this spec describes for [optimizer]: what [fit] does, for trainers outside this module (soma-spark). */
fun SchedulerSpec.createFor(optimizer: Optimizer): Scheduler = create(optimizer)
