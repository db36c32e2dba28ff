package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GemmBatchTest {
    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    /** Each product of a batch (B broadcast over pairs of A, with both transposes) equals a lone sgemm, for 1 and 2 threads. */
    @ParameterizedTest
    @CsvSource({"false,false,5,7,3,4", "true,false,6,33,17,9", "false,true,32,32,32,128", "true,true,130,20,70,3",
            "false,false,300,300,300,2"})
    void everyProductEqualsASingleCall(boolean ta, boolean tb, int m, int n, int k, int batch) {
        float[] a = random(batch * m * k, 1), b = random(2 * k * n, 2);
        int[] offA = new int[batch], offB = new int[batch];
        for (int i = 0; i < batch; i++) {
            offA[i] = i * m * k;
            offB[i] = (i % 2) * k * n;    // B repeats like a broadcast batch dim
        }
        int lda = ta ? m : k, ldb = tb ? k : n;
        float[] expected = new float[batch * m * n];
        for (int i = 0; i < batch; i++)
            Gemm.sgemm(ta, tb, m, n, k, 1.5f, a, offA[i], lda, b, offB[i], ldb, 0f, expected, i * m * n, n);
        int threads = KernelThreads.threads();
        try {
            for (int t : new int[] {1, 2}) {
                KernelThreads.setThreads(t);
                float[] c = new float[batch * m * n];
                Gemm.sgemmBatch(ta, tb, m, n, k, 1.5f, a, offA, lda, b, offB, ldb, 0f, c, 0, m * n, n, batch);
                assertArrayEquals(expected, c, "threads " + t);
            }
        } finally {
            KernelThreads.setThreads(threads);
        }
    }

    @ParameterizedTest
    @CsvSource({"3,2", "2,3"})
    void refusesTooFewOffsets(int aCount, int bCount) {
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemmBatch(false, false, 2, 2, 2, 1f, new float[12],
                new int[aCount], 2, new float[12], new int[bCount], 2, 0f, new float[12], 0, 4, 2, 3));
    }
}
