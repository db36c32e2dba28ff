package dev.soma.kernel;

/**
 * The iteration space of an element-wise op: one shape walked by several operands with their own strides, with
 * size-1 dims dropped and neighbouring dims merged wherever every operand steps through them as one. It hands
 * out runs along the innermost dim, block by block, over {@link KernelThreads}: the one odometer of the element kernels.
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

    /** Where a run starts: each operand's offset from its base. */
    static final class Run {
        final int[] offsets;

        Run(int operands) { offsets = new int[operands]; }
    }

    /** A loop over one run of {@code len} elements starting at the run's offsets. */
    @FunctionalInterface
    interface RunBody { void run(Run run, int len); }

    /**
     * Calls body for every run in order, in parallel blocks of {@link Elementwise#BLOCK} elements when the op is
     * large ({@code costPerElement} weights the decision); a block may start or end inside a run. Runs are cut at
     * every block boundary whatever the thread count: where a run starts decides which elements a vector kernel
     * computes in lanes and which in its scalar tail, and those differ in the last bit for transcendental ops.
     */
    void forEachRun(int costPerElement, RunBody body) {
        int block = Elementwise.BLOCK;
        int blocks = (int) ((numel + block - 1) / block);
        KernelThreads.forRange(blocks, numel * costPerElement, (b0, b1) -> {
            for (int b = b0; b < b1; b++) walk((long) b * block, Math.min(numel, (long) (b + 1) * block), body);
        });
    }

    // Runs covering the flat element range [from, to).
    private void walk(long from, long to, RunBody body) {
        int ops = strides.length, inner = shape[rank - 1];
        Run run = new Run(ops);
        int[] idx = new int[rank];
        long rest = from;
        for (int d = rank - 1; d >= 0; d--) {
            idx[d] = (int) (rest % shape[d]);
            rest /= shape[d];
            for (int o = 0; o < ops; o++) run.offsets[o] += idx[d] * strides[o][d];
        }
        long f = from;
        while (f < to) {
            int len = (int) Math.min(inner - idx[rank - 1], to - f);
            body.run(run, len);
            f += len;
            if (f >= to) break;
            // Step the innermost index by len (it reaches the end of its run), then carry like an odometer.
            for (int o = 0; o < ops; o++) run.offsets[o] += len * strides[o][rank - 1];
            idx[rank - 1] += len;
            for (int d = rank - 1; d > 0 && idx[d] == shape[d]; d--) {
                for (int o = 0; o < ops; o++) run.offsets[o] += strides[o][d - 1] - shape[d] * strides[o][d];
                idx[d] = 0;
                idx[d - 1]++;
            }
        }
    }
}
