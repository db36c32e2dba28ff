package dev.soma.kernel;

import java.util.Arrays;
import java.util.Random;

/**
 * A random strided view for the layout tests: a slice (start, step) of a parent tensor whose dims lie in memory in a
 * random order (a permuted or transposed tensor), at a random storage offset, optionally with broadcast (stride 0)
 * dims. Memory outside the view holds {@link #SENTINEL} so stray writes show.
 */
record View(float[] data, int off, int[] shape, int[] strides) {
    static final float SENTINEL = -7.77e7f;

    /** A random view of shape; broadcast dims (stride 0) only when {@code broadcast}. Values are left at SENTINEL. */
    static View random(Random r, int[] shape, boolean broadcast) {
        int rank = shape.length;
        int[] step = new int[rank], start = new int[rank], parent = new int[rank];
        for (int d = 0; d < rank; d++) {
            step[d] = r.nextInt(4) == 0 ? 2 + r.nextInt(2) : 1;
            start[d] = r.nextInt(3) == 0 ? r.nextInt(3) : 0;
            parent[d] = start[d] + (shape[d] - 1) * step[d] + 1 + (r.nextInt(3) == 0 ? r.nextInt(3) : 0);
        }
        int[] perm = identity(rank);
        if (r.nextBoolean()) shuffle(r, perm);
        int[] parentStrides = new int[rank];
        int s = 1;
        for (int k = rank - 1; k >= 0; k--) {
            parentStrides[perm[k]] = s;
            s *= parent[perm[k]];
        }
        int base = r.nextInt(5), off = base;
        int[] strides = new int[rank];
        for (int d = 0; d < rank; d++) {
            strides[d] = parentStrides[d] * step[d];
            off += start[d] * parentStrides[d];
        }
        if (broadcast) {
            int mode = r.nextInt(4);
            for (int d = 0; d < rank; d++)
                if (mode == 1 && r.nextInt(3) == 0 || mode == 2 && d == rank - 1 || mode == 3 && d < rank - 1) strides[d] = 0;
        }
        float[] data = new float[base + s + r.nextInt(3)];
        Arrays.fill(data, SENTINEL);
        return new View(data, off, shape.clone(), strides);
    }

    /** A dense row-major view of shape at a random offset. */
    static View contiguous(Random r, int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= shape[d];
        }
        int off = r.nextInt(4);
        float[] data = new float[off + s + 2];
        Arrays.fill(data, SENTINEL);
        return new View(data, off, shape.clone(), strides);
    }

    /** Fills every element of the view from gen (broadcast elements get the last value written). */
    View fill(java.util.function.DoubleSupplier gen) {
        forEachIndex(shape, idx -> data[at(idx)] = (float) gen.getAsDouble());
        return this;
    }

    int at(int[] idx) {
        int o = off;
        for (int d = 0; d < idx.length; d++) o += idx[d] * strides[d];
        return o;
    }

    float get(int[] idx) { return data[at(idx)]; }

    /** Whether storage position p belongs to the view. */
    boolean[] covered() {
        boolean[] c = new boolean[data.length];
        forEachIndex(shape, idx -> c[at(idx)] = true);
        return c;
    }

    View copy() { return new View(data.clone(), off, shape, strides); }

    static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    interface IndexBody { void run(int[] idx); }

    /** Calls body for every index of shape in row-major order (the same array, updated in place). */
    static void forEachIndex(int[] shape, IndexBody body) {
        int n = numel(shape);
        int[] idx = new int[shape.length];
        for (int i = 0; i < n; i++) {
            body.run(idx);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
    }

    static int[] randomShape(Random r, int maxRank, int maxSize) {
        int[] shape = new int[1 + r.nextInt(maxRank)];
        for (int d = 0; d < shape.length; d++) shape[d] = 1 + r.nextInt(maxSize);
        return shape;
    }

    static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }

    static void shuffle(Random r, int[] p) {
        for (int i = p.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
    }

    @Override
    public String toString() {
        return "View(shape " + Arrays.toString(shape) + ", strides " + Arrays.toString(strides) + ", offset " + off + ")";
    }
}
