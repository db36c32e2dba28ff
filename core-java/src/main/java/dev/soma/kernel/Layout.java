package dev.soma.kernel;

/**
 * The iteration space of an element-wise op: one shape walked by several operands with their own strides, with
 * size-1 dims dropped and neighbouring dims merged wherever every operand steps through them as one. It hands
 * out runs along the innermost dim, block by block, over {@link KernelThreads}, its rows walked by an {@link Odometer}.
 */
final class Layout {
    private final int rank;
    private final int[] shape;
    private final int[][] strides;    // [operand][dim]
    private final long numel;

    private Layout(int rank, int[] shape, int[][] strides, long numel) {
        this.rank = rank;
        this.shape = shape;
        this.strides = strides;
        this.numel = numel;
    }

    /** The coalesced layout, or null when the shape holds no element. */
    static Layout of(int[] shape, int[]... operandStrides) {
        long n = 1;
        for (int s : shape) n *= s;
        if (n == 0) return null;
        int ops = operandStrides.length;
        int[] sh = new int[Math.max(1, shape.length)];
        int[][] st = new int[ops][sh.length];
        int r = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) continue;
            boolean merge = r > 0;
            for (int o = 0; o < ops && merge; o++) merge = st[o][r - 1] == operandStrides[o][d] * shape[d];
            if (merge) {
                sh[r - 1] *= shape[d];
                for (int o = 0; o < ops; o++) st[o][r - 1] = operandStrides[o][d];
            } else {
                sh[r] = shape[d];
                for (int o = 0; o < ops; o++) st[o][r] = operandStrides[o][d];
                r++;
            }
        }
        if (r == 0) {    // a single element
            sh[0] = 1;
            r = 1;
        }
        return new Layout(r, sh, st, n);
    }

    /** The stride of operand {@code operand} along the innermost dim. */
    int innerStride(int operand) { return strides[operand][rank - 1]; }

    /** The length of every run: the innermost dim's. */
    int innerLength() { return shape[rank - 1]; }

    /** How many runs the op has: its element count over {@link #innerLength}. */
    long runs() { return numel / shape[rank - 1]; }

    /** Whether operand {@code operand} reads the same run for every run, as a row bias does (stride 0 on every outer dim). */
    boolean repeatsOneRun(int operand) {
        for (int d = 0; d < rank - 1; d++) if (strides[operand][d] != 0) return false;
        return true;
    }

    /**
     * Where a group of runs starts and how far apart its runs lie, per operand: run r of the group starts at
     * {@link #offset}(o, r) from operand o's base.
     */
    static final class Run {
        final int[] offsets;
        final int[] rowStrides;

        Run(int operands) {
            offsets = new int[operands];
            rowStrides = new int[operands];
        }

        int offset(int operand, int r) { return offsets[operand] + r * rowStrides[operand]; }
    }

    /** A loop over {@code rows} runs of {@code len} elements each (rows &gt; 1 only for whole runs). */
    @FunctionalInterface
    interface RunBody { void run(Run run, int len, int rows); }

    /**
     * Calls body for every run in order, in parallel blocks of {@link Elementwise#BLOCK} elements when the op is
     * large ({@code costPerElement} weights the decision); a block may start or end inside a run. Runs are cut at
     * every block boundary whatever the thread count: where a run starts decides which elements a vector kernel
     * computes in lanes and which in its scalar tail, and those differ in the last bit for transcendental ops.
     * Whole runs that follow each other along the next dim come to body as one group, so the cost of a call is
     * paid once per group, not once per run (a row bias over 4096 rows of 1024 floats: 0.40 ms with a call per
     * run, 0.30 with groups, 0.27 as direct kernel calls).
     */
    void forEachRun(int costPerElement, RunBody body) {
        int block = Elementwise.BLOCK;
        int blocks = (int) ((numel + block - 1) / block);
        KernelThreads.forRange(blocks, numel * costPerElement,
                (b0, b1) -> walk((long) b0 * block, Math.min(numel, (long) b1 * block), block, body));
    }

    // Runs covering the flat element range [from, to), cut at every multiple of block: the rest of from's row, whole
    // rows, a row's part up to a cut. Whole rows go out in groups along dim rank - 2, each group ending at a cut or
    // that dim's end. One walk covers a thread's share of blocks, so it allocates once per thread: made per block, its
    // odometer and run came to 17 KB a thread on every 4096×1024 op.
    private void walk(long from, long to, int block, RunBody body) {
        int ops = strides.length, inner = shape[rank - 1], outer = rank - 2;
        Odometer rows = new Odometer(shape, rank - 1, new int[ops], strides);
        rows.seek(from / inner);
        Run run = new Run(ops);
        if (outer >= 0) for (int o = 0; o < ops; o++) run.rowStrides[o] = strides[o][outer];
        int j = (int) (from % inner);
        for (long f = from; f < to; ) {
            long cut = Math.min(to, (f / block + 1) * block);
            int len = (int) Math.min(inner - j, cut - f), group = 1;
            if (len == inner && outer >= 0) group = (int) Math.min((cut - f) / inner, shape[outer] - rows.index[outer]);
            for (int o = 0; o < ops; o++) run.offsets[o] = rows.offsets[o] + j * strides[o][rank - 1];
            body.run(run, len, group);
            f += (long) len * group;
            if (j + len < inner) {
                j += len;    // cut inside a row: the row goes on in the next block
            } else {
                rows.skip(group);
                j = 0;
            }
        }
    }
}
