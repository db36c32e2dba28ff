package dev.soma.nn.init;

import dev.soma.autograd.GradMode;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;

/**
 * Weight initialisation in place (torch.nn.init): each method fills a tensor with values drawn from a
 * {@link Generator} (the default one when none is given) and returns it. Recording is off while filling.
 */
public final class Init {
    private Init() {}

    /** How kaiming methods pick the fan: preserve the forward variance (FAN_IN) or the backward one (FAN_OUT). */
    public enum FanMode { FAN_IN, FAN_OUT }

    /** Fan-in and fan-out of a weight of shape (out, in, *kernel): {in·receptive, out·receptive}. */
    public static int[] fans(Tensor t) {
        if (t.dim() < 2)
            throw new IllegalArgumentException("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions "
                    + "(shape " + java.util.Arrays.toString(t.shape()) + ")");
        int receptive = 1;
        for (int i = 2; i < t.dim(); i++) receptive *= t.size(i);
        return new int[] {t.size(1) * receptive, t.size(0) * receptive};
    }

    /** The recommended gain for a nonlinearity (torch.nn.init.calculate_gain); {@code param} is leaky_relu's slope. */
    public static double calculateGain(String nonlinearity, double param) {
        return switch (nonlinearity) {
            case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid" -> 1.0;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> Math.sqrt(2.0 / (1 + param * param));
            case "selu" -> 3.0 / 4;
            default -> throw new IllegalArgumentException("Unsupported nonlinearity " + nonlinearity);
        };
    }

    /** calculateGain with leaky_relu's default slope 0.01. */
    public static double calculateGain(String nonlinearity) { return calculateGain(nonlinearity, 0.01); }

    private interface Sampler { float next(Generator g); }

    private static Tensor fill(Tensor t, Generator g, Sampler s) {
        float[] v = new float[t.numel()];
        for (int i = 0; i < v.length; i++) v[i] = s.next(g);
        try (var off = GradMode.noGrad()) {
            t.copy_(Tensor.of(v, t.shape()));
        }
        return t;
    }

    /** Fills with {@code value}. */
    public static Tensor constant_(Tensor t, double value) {
        try (var off = GradMode.noGrad()) {
            return t.fill_((float) value);
        }
    }

    public static Tensor zeros_(Tensor t) { return constant_(t, 0); }

    public static Tensor ones_(Tensor t) { return constant_(t, 1); }

    /** U(a, b). */
    public static Tensor uniform_(Tensor t, double a, double b, Generator g) {
        if (!(a <= b)) throw new IllegalArgumentException("uniform_: expected a <= b, got a=" + a + ", b=" + b);
        return fill(t, g, r -> (float) (a + (b - a) * r.nextDouble()));
    }

    public static Tensor uniform_(Tensor t, double a, double b) { return uniform_(t, a, b, Generator.defaultGenerator()); }

    /** N(mean, std²). */
    public static Tensor normal_(Tensor t, double mean, double std, Generator g) {
        if (std < 0) throw new IllegalArgumentException("normal_: std must be non-negative, got " + std);
        return fill(t, g, r -> (float) (mean + std * r.nextGaussian()));
    }

    public static Tensor normal_(Tensor t, double mean, double std) { return normal_(t, mean, std, Generator.defaultGenerator()); }

    /** N(mean, std²) restricted to [a, b] (by rejection; the interval must keep a reasonable share of the mass). */
    public static Tensor truncNormal_(Tensor t, double mean, double std, double a, double b, Generator g) {
        if (!(a < b)) throw new IllegalArgumentException("trunc_normal_: expected a < b, got a=" + a + ", b=" + b);
        return fill(t, g, r -> {
            for (int tries = 0; tries < 10_000; tries++) {
                double v = mean + std * r.nextGaussian();
                if (v >= a && v <= b) return (float) v;
            }
            throw new IllegalArgumentException("trunc_normal_: [" + a + ", " + b + "] lies too far in the tail of N(" + mean
                    + ", " + std + "^2) to sample");
        });
    }

    /** trunc_normal_ with PyTorch's defaults mean 0, std 1, a −2, b 2. */
    public static Tensor truncNormal_(Tensor t) { return truncNormal_(t, 0, 1, -2, 2, Generator.defaultGenerator()); }

    /** Xavier/Glorot uniform: U(±gain·√(6/(fan_in+fan_out))). */
    public static Tensor xavierUniform_(Tensor t, double gain, Generator g) {
        int[] f = fans(t);
        double bound = gain * Math.sqrt(6.0 / (f[0] + f[1]));
        return uniform_(t, -bound, bound, g);
    }

    public static Tensor xavierUniform_(Tensor t) { return xavierUniform_(t, 1.0, Generator.defaultGenerator()); }

    /** Xavier/Glorot normal: N(0, gain²·2/(fan_in+fan_out)). */
    public static Tensor xavierNormal_(Tensor t, double gain, Generator g) {
        int[] f = fans(t);
        return normal_(t, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])), g);
    }

    public static Tensor xavierNormal_(Tensor t) { return xavierNormal_(t, 1.0, Generator.defaultGenerator()); }

    private static double kaimingStd(Tensor t, double a, FanMode mode, String nonlinearity) {
        int[] f = fans(t);
        int fan = mode == FanMode.FAN_IN ? f[0] : f[1];
        if (fan == 0) throw new IllegalArgumentException("kaiming init: cannot initialise a tensor with zero fan (shape "
                + java.util.Arrays.toString(t.shape()) + ")");
        return calculateGain(nonlinearity, a) / Math.sqrt(fan);
    }

    /** He uniform: U(±√3·gain/√fan). */
    public static Tensor kaimingUniform_(Tensor t, double a, FanMode mode, String nonlinearity, Generator g) {
        double bound = Math.sqrt(3.0) * kaimingStd(t, a, mode, nonlinearity);
        return uniform_(t, -bound, bound, g);
    }

    /** He uniform with PyTorch's defaults (a 0, fan_in, leaky_relu). */
    public static Tensor kaimingUniform_(Tensor t) {
        return kaimingUniform_(t, 0, FanMode.FAN_IN, "leaky_relu", Generator.defaultGenerator());
    }

    /** He normal: N(0, (gain/√fan)²). */
    public static Tensor kaimingNormal_(Tensor t, double a, FanMode mode, String nonlinearity, Generator g) {
        return normal_(t, 0, kaimingStd(t, a, mode, nonlinearity), g);
    }

    public static Tensor kaimingNormal_(Tensor t) {
        return kaimingNormal_(t, 0, FanMode.FAN_IN, "leaky_relu", Generator.defaultGenerator());
    }

    /** A (semi-)orthogonal matrix scaled by gain, from the QR decomposition of a normal sample (torch.nn.init.orthogonal_). */
    public static Tensor orthogonal_(Tensor t, double gain, Generator g) {
        if (t.dim() < 2) throw new IllegalArgumentException("Only tensors with 2 or more dimensions are supported (got shape "
                + java.util.Arrays.toString(t.shape()) + ")");
        int rows = t.size(0), cols = t.numel() / Math.max(rows, 1);
        if (t.numel() == 0) return t;
        boolean transpose = rows < cols;
        int m = transpose ? cols : rows, n = transpose ? rows : cols;      // m >= n
        double[][] a = new double[m][n];
        // Sample in (rows, cols) order so the stream matches the shape; transpose into a tall matrix.
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) {
                double v = g.nextGaussian();
                if (transpose) a[j][i] = v; else a[i][j] = v;
            }
        double[][] q = new double[m][n];
        double[] rDiag = new double[n];
        // Modified Gram-Schmidt, then sign-correct by diag(R) so Q is uniformly distributed.
        for (int j = 0; j < n; j++) {
            double[] v = new double[m];
            for (int i = 0; i < m; i++) v[i] = a[i][j];
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < m; i++) dot += q[i][k] * v[i];
                for (int i = 0; i < m; i++) v[i] -= dot * q[i][k];
            }
            double norm = 0;
            for (double x : v) norm += x * x;
            norm = Math.sqrt(norm);
            rDiag[j] = norm;
            for (int i = 0; i < m; i++) q[i][j] = v[i] / norm;
        }
        float[] out = new float[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) {
                double v = transpose ? q[j][i] : q[i][j];
                out[i * cols + j] = (float) (gain * v * Math.signum(rDiag[transpose ? i : j]));
            }
        try (var off = GradMode.noGrad()) {
            t.copy_(Tensor.of(out, t.shape()));
        }
        return t;
    }

    public static Tensor orthogonal_(Tensor t) { return orthogonal_(t, 1.0, Generator.defaultGenerator()); }

    /** The identity matrix (2-d tensors only), as torch.nn.init.eye_. */
    public static Tensor eye_(Tensor t) {
        if (t.dim() != 2) throw new IllegalArgumentException("Only tensors with 2 dimensions are supported (got shape "
                + java.util.Arrays.toString(t.shape()) + ")");
        try (var off = GradMode.noGrad()) {
            return t.copy_(Tensor.eye(t.size(0), t.size(1)));
        }
    }

    /** U(±1/√fan_in), PyTorch's default for biases of layers whose weight has the given fan-in (0 fan: zeros). */
    public static Tensor fanInUniform_(Tensor t, int fanIn, Generator g) {
        double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
        return uniform_(t, -bound, bound, g);
    }
}
