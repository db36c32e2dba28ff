package dev.soma.kernel;

/** A float → float function applied elementwise by the strided kernels. */
@FunctionalInterface
public interface FloatUnaryOp {
    float apply(float x);
}
