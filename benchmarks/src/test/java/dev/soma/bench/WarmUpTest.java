package dev.soma.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WarmUpTest {
    @Test
    void withoutAJitClockTheMinimumTimeDecides() throws InterruptedException {
        WarmUp w = new WarmUp(0.2, () -> -1);
        assertFalse(w.done());
        Thread.sleep(250);
        assertTrue(w.done());
    }

    @Test
    void waitsForAQuietSecondOfTheJitAfterTheMinimum() throws InterruptedException {
        AtomicLong compiled = new AtomicLong(100);
        WarmUp w = new WarmUp(0.1, compiled::get);
        long start = System.nanoTime();
        // The JIT compiles 10 ms every 50 ms for 0.6 s: never done meanwhile, though the minimum passed at 0.1 s.
        while (System.nanoTime() - start < 600_000_000L) {
            compiled.addAndGet(10);
            assertFalse(w.done());
            Thread.sleep(50);
        }
        long quietFrom = System.nanoTime();
        // Then quiet (2 ms over the window is under the threshold): done a second later, not before.
        compiled.addAndGet(2);
        while (!w.done()) Thread.sleep(20);
        double waited = (System.nanoTime() - quietFrom) / 1e9;
        assertTrue(waited >= 0.9 && waited < 1.6, "done " + waited + " s after the JIT went quiet");
    }
}
