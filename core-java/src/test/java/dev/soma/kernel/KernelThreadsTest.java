package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class KernelThreadsTest {
    private int saved;

    @BeforeEach void save() { saved = KernelThreads.threads(); }

    @AfterEach void restore() { KernelThreads.setThreads(saved); }

    private static final long BIG = 1L << 30;

    @Test
    void everyIndexRunsExactlyOnceForEachThreadCount() {
        for (int threads : new int[] {1, 2, 3, 5}) {
            KernelThreads.setThreads(threads);
            for (int n : new int[] {1, 2, 3, 7, 1000}) {
                for (int rep = 0; rep < 50; rep++) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(n);
                    KernelThreads.forRange(n, BIG, (from, to) -> { for (int i = from; i < to; i++) hits.incrementAndGet(i); });
                    for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "threads=" + threads + " n=" + n + " index " + i);
                }
            }
        }
    }

    @Test
    void rangesAreContiguousAndUseEveryThread() {
        KernelThreads.setThreads(3);
        int[] owner = new int[9];
        KernelThreads.forRange(9, BIG, (from, to) -> {
            for (int i = from; i < to; i++) owner[i] = from;
        });
        assertArrayEquals(new int[] {0, 0, 0, 3, 3, 3, 6, 6, 6}, owner);
    }

    @Test
    void smallWorkRunsInlineAsOneRange() {
        KernelThreads.setThreads(2);
        int[] calls = new int[1];
        KernelThreads.forRange(100, 10, (from, to) -> {
            calls[0]++;
            assertEquals(0, from);
            assertEquals(100, to);
        });
        assertEquals(1, calls[0]);
    }

    @Test
    void aFailingPartIsRethrownToTheCallerAndTheTeamStaysUsable() {
        KernelThreads.setThreads(2);
        IllegalStateException boom = new IllegalStateException("part failed");
        for (int failing : new int[] {0, 1}) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> KernelThreads.forRange(2, BIG, (from, to) -> {
                if (from == failing) throw boom;
            }));
            assertSame(boom, thrown);
        }
        int[] sum = new int[2];
        KernelThreads.forRange(2, BIG, (from, to) -> sum[from] = 10 + from);
        assertArrayEquals(new int[] {10, 11}, sum);
    }

    @Test
    void nestedCallsRunInline() {
        KernelThreads.setThreads(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(40);
        KernelThreads.forRange(4, BIG, (from, to) -> {
            for (int outer = from; outer < to; outer++) {
                int base = outer * 10;
                KernelThreads.forRange(10, BIG, (f, t) -> { for (int i = f; i < t; i++) hits.incrementAndGet(base + i); });
            }
        });
        for (int i = 0; i < 40; i++) assertEquals(1, hits.get(i));
    }

    @Test
    void concurrentCallersAllComplete() throws Exception {
        KernelThreads.setThreads(2);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            Future<?>[] done = new Future<?>[4];
            for (int c = 0; c < done.length; c++) {
                done[c] = callers.submit(() -> {
                    for (int rep = 0; rep < 300; rep++) {
                        long[] partial = new long[2];
                        IntConsumer check = n -> {
                            KernelThreads.forRange(n, BIG, (from, to) -> {
                                long s = 0;
                                for (int i = from; i < to; i++) s += i;
                                partial[from == 0 ? 0 : 1] += s;
                            });
                            assertEquals((long) n * (n - 1) / 2, partial[0] + partial[1]);
                        };
                        check.accept(1000);
                    }
                });
            }
            for (Future<?> f : done) f.get(30, TimeUnit.SECONDS);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void waitsAreCorrectAfterTheWorkersHaveParked() throws InterruptedException {
        KernelThreads.setThreads(2);
        for (int rep = 0; rep < 5; rep++) {
            Thread.sleep(5 + KernelThreads.SPIN_NANOS / 1_000_000);    // past the spin: the worker is parked
            AtomicIntegerArray hits = new AtomicIntegerArray(2);
            KernelThreads.forRange(2, BIG, (from, to) -> hits.incrementAndGet(from));
            assertEquals(1, hits.get(0));
            assertEquals(1, hits.get(1));
        }
    }

    @Test
    void theCallerWakesWhenAWorkerPartOutlastsTheSpin() {
        KernelThreads.setThreads(2);
        long slow = 5 + KernelThreads.SPIN_NANOS / 1_000_000;
        int[] done = new int[2];
        KernelThreads.forRange(2, BIG, (from, to) -> {
            if (from == 1) {
                try {
                    Thread.sleep(slow);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            done[from] = 1;
        });
        assertArrayEquals(new int[] {1, 1}, done);
    }

    @Test
    void rejectsAThreadCountBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelThreads.setThreads(0));
        assertEquals("Soma.setThreads: need at least 1 thread, got 0", e.getMessage());
    }
}
