package dev.soma.spark.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Adds up what Spark's own task metrics say finished tasks sent: results to the driver and shuffle output. */
final class TaskBytes extends SparkListener {
    final AtomicLong resultBytes = new AtomicLong(), shuffleBytes = new AtomicLong(), tasks = new AtomicLong();

    @Override public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() == null) return;
        resultBytes.addAndGet(end.taskMetrics().resultSize());
        shuffleBytes.addAndGet(end.taskMetrics().shuffleWriteMetrics().bytesWritten());
        tasks.incrementAndGet();
    }

    void reset() {
        resultBytes.set(0);
        shuffleBytes.set(0);
        tasks.set(0);
    }
}
