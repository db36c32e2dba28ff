package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The reductions that gather each output's elements (prod, argmax/argmin, max/min with indices, logsumexp, norms)
 * read views in place: on a permuted, sliced or expanded view they give exactly what they give on its contiguous
 * copy, for every subset of dims, with 1 and 2 kernel threads.
 */
class ReductionViewsTest {
    private static List<Tensor> views(Random r) {
        List<Tensor> out = new ArrayList<>();
        Tensor base = Tensor.randn(new Generator(r.nextLong()), 4, 5, 6);
        out.add(base.permute(2, 0, 1));
        out.add(base.narrow(1, 1, 3).transpose(0, 2));
        out.add(base.narrow(2, 2, 3).unsqueeze(1).expand(4, 2, 5, 3));
        out.add(Tensor.randn(new Generator(r.nextLong()), 3, 7).t());
        return out;
    }

    private static List<int[]> subsets(int rank) {
        List<int[]> out = new ArrayList<>();
        for (int m = 1; m < 1 << rank; m++) {
            int[] dims = new int[Integer.bitCount(m)];
            for (int d = 0, k = 0; d < rank; d++) if ((m & 1 << d) != 0) dims[k++] = d;
            out.add(dims);
        }
        return out;
    }

    private static void sameOnCopy(BiFunction<Tensor, int[], Tensor> op) {
        Random r = new Random(7);
        int threads = dev.soma.Soma.threads();
        try {
            for (int t : new int[] {1, 2}) {
                dev.soma.Soma.setThreads(t);
                for (Tensor v : views(r))
                    for (int[] dims : subsets(v.dim()))
                        assertArrayEquals(op.apply(v.contiguousCopy(), dims).toFloatArray(), op.apply(v, dims).toFloatArray(),
                                "dims " + java.util.Arrays.toString(dims) + " of a view of shape "
                                        + java.util.Arrays.toString(v.shape()) + ", threads " + t);
            }
        } finally {
            dev.soma.Soma.setThreads(threads);
        }
    }

    @Test
    void prodLogsumexpAndNormsReadViewsInPlace() {
        sameOnCopy((x, d) -> Reductions.prod(x, d, false));
        sameOnCopy((x, d) -> x.logsumexp(d, true));
        sameOnCopy((x, d) -> x.norm(2f, d, false));
        sameOnCopy((x, d) -> x.norm(3f, d, false));
        sameOnCopy((x, d) -> x.norm(Float.POSITIVE_INFINITY, d, false));
    }

    @Test
    void argExtremesAndMaxWithIndicesReadViewsInPlace() {
        sameOnCopy((x, d) -> x.argmax(d[0], false));
        sameOnCopy((x, d) -> x.argmin(d[d.length - 1], true));
        sameOnCopy((x, d) -> x.max(d[0]).values());
        sameOnCopy((x, d) -> x.min(d[0], true).indices());
        sameOnCopy((x, d) -> x.argmax());
    }
}
