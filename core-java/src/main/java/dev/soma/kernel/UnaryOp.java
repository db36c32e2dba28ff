package dev.soma.kernel;

/**
 * The element functions the element kernels run over arrays, with the derivative each backward needs.
 * Exact ops (RELU, NEG, ABS, SQUARE, RECIPROCAL, SQRT) and LOG and TANH (which the vector kernel runs through the
 * scalar definitions) agree bit for bit between the scalar and vector kernels; EXP, SIGMOID and GELU within a few
 * ulps (GELU's vector form within 14 ulps even at x = −13, where the result nears the float range's end).
 */
public enum UnaryOp {
    /** max(x, 0), NaN kept; backward passes g except where x ≤ 0. */
    RELU,
    /** x·Φ(x), Φ the standard normal CDF (F.gelu, approximate "none"); backward g·(Φ(x) + x·φ(x)). */
    GELU,
    /** eˣ; backward reads the output y: g·y. */
    EXP,
    /** ln x; backward g / x. */
    LOG,
    /** √x. */
    SQRT,
    /** −x. */
    NEG,
    /** |x|. */
    ABS,
    /** x². */
    SQUARE,
    /** 1 / x. */
    RECIPROCAL,
    /** 1 / (1 + e^(−x)); backward reads the output y: g·y·(1 − y). */
    SIGMOID,
    /** tanh x; backward reads the output y: g·(1 − y²). */
    TANH;

    /** Whether the backward rule reads the op's output instead of its input. */
    public boolean backwardFromOutput() { return this == EXP || this == SIGMOID || this == TANH; }
}
