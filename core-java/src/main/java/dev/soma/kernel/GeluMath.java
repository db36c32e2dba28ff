package dev.soma.kernel;

/**
 * GELU's Φ through a Chebyshev fit of erfc with relative error below 1.2e-7 over the whole line
 * (erfc(z) = t·exp(−z² + P(t)), t = 1/(1 + z/2), Numerical Recipes' coefficients): one exp per element and
 * no cancellation in either tail, so x·Φ(x) stays accurate in relative terms for very negative x.
 */
final class GeluMath {
    private GeluMath() {}

    static final double INV_SQRT2 = 0.70710678118654752440;
    static final double INV_SQRT_2PI = 0.39894228040143267794;
    // P(t), highest power first.
    static final double[] P = {0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418,
            0.37409196, 1.00002368, -1.26551223};

    /** Φ(x) = P(N(0,1) ≤ x). */
    static double cdf(double x) {
        double z = Math.abs(x) * INV_SQRT2, t = 1 / (1 + 0.5 * z);
        double p = P[0];
        for (int i = 1; i < P.length; i++) p = p * t + P[i];
        double half = 0.5 * t * Math.exp(-z * z + p);    // erfc(z)/2 = Φ(−|x|)
        return x >= 0 ? 1 - half : half;
    }

    /** The standard normal density φ(x). */
    static double pdf(double x) { return INV_SQRT_2PI * Math.exp(-0.5 * x * x); }
}
