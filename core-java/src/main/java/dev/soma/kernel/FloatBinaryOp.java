package dev.soma.kernel;

/** A (float, float) → float function applied elementwise by the strided kernels. */
@FunctionalInterface
public interface FloatBinaryOp {
    float apply(float a, float b);
}
