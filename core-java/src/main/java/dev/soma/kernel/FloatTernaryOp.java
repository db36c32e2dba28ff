package dev.soma.kernel;

/** A (float, float, float) → float function applied elementwise by the strided kernels. */
@FunctionalInterface
public interface FloatTernaryOp {
    float apply(float a, float b, float c);
}
