package dev.soma.kernel;

/**
 * The error function, its complement and the standard normal CDF, evaluated in double precision (relative
 * error near 1e-13 or better): a positive-term series below {@link #SWITCH}, Laplace's continued fraction above.
 */
public final class Erf {
    private Erf() {}

    private static final double SWITCH = 2.5;
    private static final int FRACTION_TERMS = 40;
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_PI = 1 / Math.sqrt(Math.PI);
    private static final double INV_SQRT2 = 1 / Math.sqrt(2);

    /** erf(x) = 2/√π ∫₀ˣ e^(−t²) dt. */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double a = Math.abs(x);
        return Math.copySign(a < SWITCH ? series(a) : 1 - fraction(a), x);
    }

    /** erfc(x) = 1 − erf(x), accurate in relative terms for large positive x. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x >= SWITCH) return fraction(x);
        if (x >= 0) return 1 - series(x);
        return x > -SWITCH ? 1 + series(-x) : 2 - fraction(-x);
    }

    /** Φ(x) = P(N(0,1) ≤ x) = erfc(−x/√2)/2, accurate in relative terms for very negative x. */
    public static double normalCdf(double x) { return 0.5 * erfc(-x * INV_SQRT2); }

    // erf(x) = 2/√π · e^(−x²) · Σ_{n≥0} 2ⁿ x^(2n+1) / (1·3·…·(2n+1)) for x ≥ 0: every term positive, no cancellation.
    private static double series(double x) {
        double x2 = x * x, term = x, sum = x;
        for (int n = 1; term > 1e-17 * sum; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) for x ≥ SWITCH, evaluated from the tail.
    private static double fraction(double x) {
        double t = x;
        for (int k = FRACTION_TERMS; k >= 1; k--) t = x + 0.5 * k / t;
        return Math.exp(-x * x) * INV_SQRT_PI / t;
    }
}
