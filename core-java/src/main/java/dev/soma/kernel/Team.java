package dev.soma.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Worker threads that run the parts of one {@link KernelThreads#forRange} job at a time alongside its caller.
 * A job is published as a new {@link Job} object; the caller runs part 0 and every thread then claims the parts
 * left (so a worker slow to wake costs nothing: the caller takes its part), then each worker
 * spins for {@link KernelThreads#SPIN_NANOS} waiting for the next job before it parks. The caller spins (then
 * parks) until every part is done, so a fork and join cost a few memory round trips while the team is warm.
 *
 * <p>The spin adapts: the team keeps an average of the gap between jobs, and workers spin for the full
 * {@link KernelThreads#SPIN_NANOS} only while that average is shorter than the spin itself (work arriving faster than
 * the spin lasts, as in a training loop); otherwise they spin for {@value #SHORT_SPIN_NANOS} ns and park, so a
 * library that forks now and then burns no CPU between calls.
 *
 * <p>Park and unpark follow one pattern on both sides: the sleeper sets its flag, re-checks the condition,
 * then parks; the waker changes the condition, then unparks whoever has the flag set. Volatile accesses are
 * sequentially consistent, so one of the two always sees the other.
 */
final class Team {
    private final Worker[] workers;
    private final AtomicBoolean taken = new AtomicBoolean();
    private volatile Job job;
    private volatile boolean shutdown;
    /** Spin of a worker whose jobs come further apart than the full spin: long enough for back-to-back forks. */
    static final long SHORT_SPIN_NANOS = 5_000;
    private long lastPublished = System.nanoTime();
    /** Exponential average of the gap between jobs (ns), a quarter weight to the newest; starts at "fast". */
    private volatile long averageGap;

    /** One forRange call: its range, body, count of unfinished worker parts and first failure. */
    private static final class Job extends AtomicInteger {
        KernelThreads.RangeBody body;    // cleared when the job ends: the team keeps its last job, not the job's arrays
        final int n, parts;
        final Thread caller = Thread.currentThread();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile boolean callerParked;
        /** The next part nobody has claimed; part 0 is the caller's. */
        final AtomicInteger unclaimed = new AtomicInteger(1);

        Job(KernelThreads.RangeBody body, int n, int parts) {
            super(parts - 1);
            this.body = body;
            this.n = n;
            this.parts = parts;
        }

        /** Claims and runs parts until none is left; the count drops once per finished part. */
        void runClaimedParts() {
            for (int p; (p = unclaimed.getAndIncrement()) < parts; ) {
                runPart(p);
                if (decrementAndGet() == 0 && callerParked) LockSupport.unpark(caller);
            }
        }

        void runPart(int part) {
            try {
                body.run(bound(n, part, parts), bound(n, part + 1, parts));
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }
    }

    Team(int size) {
        workers = new Worker[size];
        for (int i = 0; i < size; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    int size() { return workers.length; }

    /** Takes the team for one job; false when another job (an enclosing or a concurrent one) holds it. */
    boolean acquire() { return !shutdown && taken.compareAndSet(false, true); }

    void release() { taken.set(false); }

    /** Ends the workers once no job holds the team; later acquires fail, so stale references run inline. */
    void shutdown() {
        while (!taken.compareAndSet(false, true)) Thread.onSpinWait();
        shutdown = true;
        for (Worker w : workers) LockSupport.unpark(w);
    }

    /** Runs body over [0, n) in `parts` ranges, part 0 here; rethrows the first failure of any part. */
    void run(int n, int parts, KernelThreads.RangeBody body) {
        long now = System.nanoTime(), gap = Math.min(now - lastPublished, 16 * KernelThreads.SPIN_NANOS);
        lastPublished = now;
        averageGap = (3 * averageGap + gap) / 4;
        Job j = new Job(body, n, parts);
        job = j;
        for (int i = 0; i < parts - 1; i++) if (workers[i].sleeping) LockSupport.unpark(workers[i]);
        j.runPart(0);
        // Parts no worker has started yet run here: a worker still waking from a park costs tens of microseconds,
        // and the split (and so every result) is the same whoever runs a part.
        j.runClaimedParts();
        long until = System.nanoTime() + KernelThreads.SPIN_NANOS;
        while (j.get() != 0) {
            if (System.nanoTime() < until) {
                Thread.onSpinWait();
            } else {
                j.callerParked = true;
                if (j.get() != 0) LockSupport.park(this);
            }
        }
        j.body = null;
        Throwable t = j.failure.get();
        if (t instanceof RuntimeException e) throw e;
        if (t instanceof Error e) throw e;
        if (t != null) throw new IllegalStateException("parallel kernel failed", t);
    }

    private static int bound(int n, int part, int parts) { return (int) ((long) n * part / parts); }

    private final class Worker extends Thread {
        private final int index;
        volatile boolean sleeping;

        Worker(int index) {
            super("soma-kernel-" + index);
            this.index = index;
            setDaemon(true);
        }

        @Override public void run() {
            Job seen = null;    // no job is published before the team exists
            while (true) {
                Job j = awaitJob(seen);
                if (j == null) return;
                seen = j;
                if (index < j.parts) j.runClaimedParts();
            }
        }

        // Spins, then parks, until a job other than `seen` is published; null once the team shuts down.
        private Job awaitJob(Job seen) {
            long spin = averageGap < KernelThreads.SPIN_NANOS ? KernelThreads.SPIN_NANOS : Math.min(SHORT_SPIN_NANOS, KernelThreads.SPIN_NANOS);
            long until = System.nanoTime() + spin;
            Job j;
            while ((j = job) == seen) {
                if (shutdown) return null;
                if (System.nanoTime() < until) {
                    Thread.onSpinWait();
                } else {
                    sleeping = true;
                    if (job == seen && !shutdown) LockSupport.park(this);
                    sleeping = false;
                }
            }
            return shutdown ? null : j;
        }
    }
}
