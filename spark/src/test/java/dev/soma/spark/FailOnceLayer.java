package dev.soma.spark;

import dev.soma.nn.Config;
import dev.soma.nn.Module;
import dev.soma.nn.ModuleFactory;
import dev.soma.tensor.Tensor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;

/**
 * An identity layer that makes one Spark task fail: once armed with a countdown, the forward pass that brings it
 * to zero throws, if it runs in a task's first attempt. Local masters run executors in the test's JVM, so the
 * static counters are the test's.
 */
final class FailOnceLayer extends Module {
    static final String TYPE = "FailOnceLayer";
    static final AtomicInteger COUNTDOWN = new AtomicInteger(-1);
    static final AtomicInteger FAILURES = new AtomicInteger();

    static {
        ModuleFactory.register(TYPE, c -> new FailOnceLayer());
    }

    /** Fails the {@code forwards}-th forward pass run inside a first task attempt from now on. */
    static void arm(int forwards) {
        FAILURES.set(0);
        COUNTDOWN.set(forwards);
    }

    @Override public Tensor forward(Tensor input) {
        TaskContext task = TaskContext.get();
        if (task != null && task.attemptNumber() == 0 && COUNTDOWN.get() > 0 && COUNTDOWN.decrementAndGet() == 0) {
            FAILURES.incrementAndGet();
            throw new IllegalStateException("injected failure in partition " + task.partitionId() + ", stage " + task.stageId());
        }
        return input;
    }

    @Override public Config config() { return Config.of(TYPE); }
}
