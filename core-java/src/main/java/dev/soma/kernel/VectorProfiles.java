package dev.soma.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sends several kinds of Vector-API operation through the library's shared methods as soon as the kernels load,
 * before any of those methods is profiled and compiled on its own.
 *
 * <p>Every lanewise call passes through a few methods that all callers share (VectorOperators.opCode,
 * ImplCache.find, the store and conversion helpers), and their type profiles record which operator and vector
 * classes reached them. When the first vector code to run uses one kind only (the GEMM micro-kernel's fma), those
 * methods are compiled expecting that one class and trap when another arrives. JDK 17's C2 adds a method's
 * trap count to a compilation once for every place it inlines the method, and past 100 class-check traps in one
 * compilation it stops trusting type profiles: the vector intrinsics then fail and the loop runs boxed, lane by
 * lane, for the rest of the run (measured in runs that began with a GEMM: gelu 4× slower; the compilation log
 * showed 366 class-check traps counted, from three that fired). The fallbacks behind each intrinsic
 * (VectorSupport.binaryOp, load, test and the like) are shared the same way and trapped on the lambda class each
 * vector type passes them. Profiles that see several classes from the start give C2 nothing to speculate on, so
 * nothing traps: in runs of several workloads in one JVM, the largest count of one reason in a kernel's
 * compilation fell from 168 to 48 with this loop.
 */
final class VectorProfiles {
    private VectorProfiles() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float> ROTATE = VectorShuffle.iota(S, 1, 1, true);
    private static final VectorOperators.Comparison[] COMPARISONS = {
            VectorOperators.GT, VectorOperators.GE, VectorOperators.LT, VectorOperators.LE, VectorOperators.EQ, VectorOperators.NE};
    /**
     * Rounds of the mixed loop: enough for the interpreter's or C1's profiling to see every kind. A GEMM then a GELU
     * stayed fast after 300 rounds in 7 of 7 fresh JVMs under each JIT mode, where without the loop the GELU was 3-4x
     * slower in 5 of 6; the loop costs about 70 ms once with the tiered JIT, 90 ms with C2 alone.
     */
    private static final int ROUNDS = 300;

    /**
     * Runs the mixed loop: loads, stores, unary, binary and ternary ops, comparisons and their tests, blends,
     * rearrangements and conversions, on float, int and double vectors alike. Called once, from the vector kernel's
     * class initialisation.
     */
    static void prime() {
        float[] f = new float[S.length()];
        int[] bits = new int[I.length()];
        double[] d = new double[D.length()];
        for (int r = 0; r < ROUNDS; r++) {
            FloatVector v = FloatVector.fromArray(S, f, 0);
            v = v.add(v).neg().fma(v, v).max(0f).blend(1f, v.compare(VectorOperators.LT, 0f)).rearrange(ROTATE);
            if (v.compare(COMPARISONS[r % COMPARISONS.length], 1f).anyTrue()) v = v.mul(0.5f);
            v.intoArray(f, 0);
            IntVector b = IntVector.fromArray(I, bits, 0);
            b = b.lanewise(VectorOperators.OR, v.reinterpretAsInts()).lanewise(VectorOperators.LSHL, 1).add(b);
            if (b.compare(VectorOperators.EQ, 0).allTrue()) b = b.neg();
            b.intoArray(bits, 0);
            DoubleVector w = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
            w = w.fma(w, DoubleVector.fromArray(D, d, 0)).add(w).mul(0.5).blend(0.0, w.compare(VectorOperators.LT, 0.0));
            w.intoArray(d, 0);
        }
    }
}
