package dev.soma.kernel;

import java.util.Arrays;

/**
 * Copies through one index map per dimension: output element (o0, …, ok) reads input element
 * (map0[o0], …, mapk[ok]); a negative map entry stands for "outside the input" (a fill value). Flip, roll,
 * repeat, index_select and every padding mode are such maps; their backward rules accumulate through the
 * same maps in a fixed order.
 */
public final class Remap {
    private Remap() {}

    private static final int NONE = Integer.MIN_VALUE;

    /** Element offsets {@code maps[d][o]·strides[d]} per dimension, NONE where the map entry is negative. */
    private static int[][] offsets(int[][] maps, int[] strides) {
        int[][] off = new int[maps.length][];
        for (int d = 0; d < maps.length; d++) {
            int[] m = maps[d];
            off[d] = new int[m.length];
            for (int o = 0; o < m.length; o++) off[d][o] = m[o] < 0 ? NONE : m[o] * strides[d];
        }
        return off;
    }

    private static int count(int[][] maps) {
        int n = 1;
        for (int[] m : maps) n *= m.length;
        return n;
    }

    private static int[] lengths(int[][] maps) {
        int[] n = new int[maps.length];
        for (int d = 0; d < maps.length; d++) n[d] = maps[d].length;
        return n;
    }

    /** The storage offset of the row selected by {@code idx} over dims 0..rank−2, or NONE if any map is negative. */
    private static int rowBase(int[][] off, int[] idx, int base) {
        for (int d = 0; d < off.length - 1; d++) {
            int v = off[d][idx[d]];
            if (v == NONE) return NONE;
            base += v;
        }
        return base;
    }

    /** out (contiguous, shape = map lengths) = x read through (xOff, xStrides) at the mapped indices, else fill. */
    public static void gather(float[] x, int xOff, int[] xStrides, int[][] maps, float[] out, float fill) {
        int n = count(maps);
        if (n == 0) return;
        int rank = maps.length;
        if (rank == 0) {
            out[0] = x[xOff];
            return;
        }
        int[][] off = offsets(maps, xStrides);
        int[] inner = off[rank - 1];
        int w = inner.length, outer = n / w;
        Odometer rows = Odometer.rows(lengths(maps), new int[0]);
        for (int r = 0, o = 0; r < outer; r++, o += w) {
            int base = rowBase(off, rows.index, xOff);
            if (base == NONE) Arrays.fill(out, o, o + w, fill);
            else for (int j = 0; j < w; j++) out[o + j] = inner[j] == NONE ? fill : x[base + inner[j]];
            rows.next();
        }
    }

    /** dx[mapped indices] += g for every element of g (contiguous from gOff, shape = map lengths); negative entries are skipped. */
    public static void accumulate(float[] g, int gOff, int[][] maps, float[] dx, int dxOff, int[] dxStrides) {
        int n = count(maps);
        if (n == 0) return;
        int rank = maps.length;
        if (rank == 0) {
            dx[dxOff] += g[gOff];
            return;
        }
        int[][] off = offsets(maps, dxStrides);
        int[] inner = off[rank - 1];
        int w = inner.length, outer = n / w;
        Odometer rows = Odometer.rows(lengths(maps), new int[0]);
        for (int r = 0, o = gOff; r < outer; r++, o += w) {
            int base = rowBase(off, rows.index, dxOff);
            if (base != NONE) for (int j = 0; j < w; j++) if (inner[j] != NONE) dx[base + inner[j]] += g[o + j];
            rows.next();
        }
    }
}
