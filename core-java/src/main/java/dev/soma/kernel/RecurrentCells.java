package dev.soma.kernel;

/**
 * The gate arithmetic of one time step of an Elman RNN, an LSTM and a GRU over {@code rows} batch rows, forward and
 * backward, each in one pass over the step's gates (the matrix products around it are GEMMs the caller runs).
 * Gates are row-major, one row of G·H per batch row in PyTorch's order (LSTM i, f, g, o; GRU r, z, n); states are
 * rows of H. Sigmoids run on the element kernel; tanh is 2σ(2x) − 1 on the same vector sigmoid, since the library
 * tanh is scalar and would dominate a step.
 */
public final class RecurrentCells {
    private RecurrentCells() {}

    /** out[oo+i] = tanh(x[xo+i]) for i &lt; n, as 2σ(2x) − 1 (out may be x). */
    public static void tanh(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = 2f * x[xo + i];
        Kernels.FLOAT.unary(UnaryOp.SIGMOID, out, oo, out, oo, n);
        for (int i = 0; i < n; i++) out[oo + i] = 2f * out[oo + i] - 1f;
    }

    /** m[mo + r·cols + j] += a[j] (+ b[j] when b is not null) for every row r: biases added to each row of gates. */
    public static void addBias(float[] m, int mo, int rows, int cols, float[] a, float[] b) {
        for (int r = 0; r < rows; r++) {
            int o = mo + r * cols;
            if (a != null) for (int j = 0; j < cols; j++) m[o + j] += a[j];
            if (b != null) for (int j = 0; j < cols; j++) m[o + j] += b[j];
        }
    }

    /** out[j] = Σ_r m[r·cols + j], summed in double in an order fixed by rows (a bias gradient over all steps). */
    public static void columnSums(float[] m, int rows, int cols, float[] out) {
        double[] acc = new double[cols];
        Kernels.FLOAT.accumulate(m, 0, cols, rows, acc, 0, cols);
        for (int j = 0; j < cols; j++) out[j] = (float) acc[j];
    }

    // ---------------------------------------------------------------- Elman RNN: h = act(pre)

    /** h = tanh(pre) or relu(pre) for rows × hidden pre-activations (pre may be h). */
    public static void rnnForward(boolean relu, float[] pre, int po, float[] h, int ho, int rows, int hidden) {
        int n = rows * hidden;
        if (relu) for (int i = 0; i < n; i++) h[ho + i] = Math.max(pre[po + i], 0f);
        else tanh(pre, po, h, ho, n);
    }

    /** dPre = dh·act'(pre) from the outputs h: 1 − h² for tanh, [h &gt; 0] for relu. */
    public static void rnnBackward(boolean relu, float[] h, int ho, float[] dh, int dho, float[] dPre, int dpo, int rows, int hidden) {
        int n = rows * hidden;
        if (relu) for (int i = 0; i < n; i++) dPre[dpo + i] = h[ho + i] > 0f ? dh[dho + i] : 0f;
        else for (int i = 0; i < n; i++) {
            float y = h[ho + i];
            dPre[dpo + i] = dh[dho + i] * (1f - y * y);
        }
    }

    // ---------------------------------------------------------------- LSTM: c = f·c' + i·g, h = o·tanh(c)

    /**
     * Turns the pre-activation gates (rows × 4H, in place) into i, f, g, o and computes c = f·cPrev + i·g (written to
     * c, which may be cPrev), tanhC = tanh(c) and h = o·tanh(c).
     */
    public static void lstmForward(float[] gates, int go, float[] cPrev, int cpo, float[] c, int co, float[] tanhC, int tco,
                                   float[] h, int ho, int rows, int hidden) {
        int gh = 4 * hidden;
        for (int r = 0; r < rows; r++) {
            int g0 = go + r * gh;
            Kernels.FLOAT.unary(UnaryOp.SIGMOID, gates, g0, gates, g0, 2 * hidden);     // i, f
            tanh(gates, g0 + 2 * hidden, gates, g0 + 2 * hidden, hidden);             // g
            Kernels.FLOAT.unary(UnaryOp.SIGMOID, gates, g0 + 3 * hidden, gates, g0 + 3 * hidden, hidden);   // o
            int s = r * hidden;
            for (int j = 0; j < hidden; j++)
                c[co + s + j] = gates[g0 + hidden + j] * cPrev[cpo + s + j] + gates[g0 + j] * gates[g0 + 2 * hidden + j];
        }
        tanh(c, co, tanhC, tco, rows * hidden);
        for (int r = 0; r < rows; r++) {
            int o0 = go + r * gh + 3 * hidden, s = r * hidden;
            for (int j = 0; j < hidden; j++) h[ho + s + j] = gates[o0 + j] * tanhC[tco + s + j];
        }
    }

    /**
     * From the activated gates, cPrev and tanh(c): dGates (rows × 4H) for dh, and dc updated in place from dL/dc to
     * dL/dcPrev (dc = dc + dh·o·(1 − tanh²c); dcPrev = dc·f).
     */
    public static void lstmBackward(float[] gates, int go, float[] cPrev, int cpo, float[] tanhC, int tco, float[] dh, int dho,
                                    float[] dc, int dco, float[] dGates, int dgo, int rows, int hidden) {
        int gh = 4 * hidden;
        for (int r = 0; r < rows; r++) {
            int g0 = go + r * gh, d0 = dgo + r * gh, s = r * hidden;
            for (int j = 0; j < hidden; j++) {
                float i = gates[g0 + j], f = gates[g0 + hidden + j], g = gates[g0 + 2 * hidden + j], o = gates[g0 + 3 * hidden + j];
                float tc = tanhC[tco + s + j], dhj = dh[dho + s + j];
                float dcj = dc[dco + s + j] + dhj * o * (1f - tc * tc);
                dGates[d0 + j] = dcj * g * i * (1f - i);
                dGates[d0 + hidden + j] = dcj * cPrev[cpo + s + j] * f * (1f - f);
                dGates[d0 + 2 * hidden + j] = dcj * i * (1f - g * g);
                dGates[d0 + 3 * hidden + j] = dhj * tc * o * (1f - o);
                dc[dco + s + j] = dcj * f;
            }
        }
    }

    // ---------------------------------------------------------------- GRU: h = (1 − z)·n + z·h'

    /**
     * From the input part gi (rows × 3H, b_ih included, overwritten with the activated r, z, n) and the recurrent part
     * gh (rows × 3H, b_hh included): r = σ(gi_r + gh_r), z = σ(gi_z + gh_z), n = tanh(gi_n + r·gh_n),
     * h = (1 − z)·n + z·hPrev; gh_n is kept in ghn (rows × H) for backward.
     */
    public static void gruForward(float[] gi, int gio, float[] gh, int gho, float[] hPrev, int hpo, float[] h, int ho,
                                  float[] ghn, int gno, int rows, int hidden) {
        int g3 = 3 * hidden;
        for (int r = 0; r < rows; r++) {
            int a = gio + r * g3, b = gho + r * g3, s = r * hidden;
            for (int j = 0; j < 2 * hidden; j++) gi[a + j] += gh[b + j];
            Kernels.FLOAT.unary(UnaryOp.SIGMOID, gi, a, gi, a, 2 * hidden);
            for (int j = 0; j < hidden; j++) {
                float hn = gh[b + 2 * hidden + j];
                ghn[gno + s + j] = hn;
                gi[a + 2 * hidden + j] += gi[a + j] * hn;
            }
            tanh(gi, a + 2 * hidden, gi, a + 2 * hidden, hidden);
            for (int j = 0; j < hidden; j++) {
                float z = gi[a + hidden + j], n = gi[a + 2 * hidden + j];
                h[ho + s + j] = (1f - z) * n + z * hPrev[hpo + s + j];
            }
        }
    }

    /**
     * dGi and dGh (rows × 3H each: they differ in the n part, where the recurrent one is scaled by r) for dh, and the
     * direct part of dL/dhPrev, dh·z, written to dhPrev (the caller adds dGh·W_hh).
     */
    public static void gruBackward(float[] gates, int go, float[] ghn, int gno, float[] hPrev, int hpo, float[] dh, int dho,
                                   float[] dGi, int dio, float[] dGh, int dho2, float[] dhPrev, int dpo, int rows, int hidden) {
        int g3 = 3 * hidden;
        for (int row = 0; row < rows; row++) {
            int a = go + row * g3, di = dio + row * g3, dg = dho2 + row * g3, s = row * hidden;
            for (int j = 0; j < hidden; j++) {
                float r = gates[a + j], z = gates[a + hidden + j], n = gates[a + 2 * hidden + j];
                float d = dh[dho + s + j], hp = hPrev[hpo + s + j];
                float dnPre = d * (1f - z) * (1f - n * n);
                float dzPre = d * (hp - n) * z * (1f - z);
                float drPre = dnPre * ghn[gno + s + j] * r * (1f - r);
                dGi[di + j] = drPre;
                dGi[di + hidden + j] = dzPre;
                dGi[di + 2 * hidden + j] = dnPre;
                dGh[dg + j] = drPre;
                dGh[dg + hidden + j] = dzPre;
                dGh[dg + 2 * hidden + j] = dnPre * r;
                dhPrev[dpo + s + j] = d * z;
            }
        }
    }
}
