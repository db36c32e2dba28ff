package dev.soma.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
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
 * lane, for the rest of the run (measured in runs that began with a GEMM: gelu 4× slower, layer_norm 2–7×; the
 * compilation log showed 366 class-check traps counted, from three that fired). Profiles that see several classes
 * from the start give C2 nothing to speculate on, so nothing traps.
 */
final class VectorProfiles {
    private VectorProfiles() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /**
     * Rounds of the mixed loop: enough for the interpreter's or C1's profiling to see every kind (a GEMM then a
     * GELU stayed fast at 1000 rounds in both JIT modes, where none at all left the GELU slow in 5 of 6 runs); about
     * 10 to 20 ms.
     */
    private static final int ROUNDS = 1000;

    /** Runs the mixed loop; called once, from the vector kernel's class initialisation. */
    static void prime() {
        float[] f = new float[S.length()];
        int[] bits = new int[I.length()];
        for (int r = 0; r < ROUNDS; r++) {
            FloatVector v = FloatVector.fromArray(S, f, 0);
            v = v.add(v).neg().fma(v, v).blend(1f, v.compare(VectorOperators.LT, 0f));
            v.intoArray(f, 0);
            IntVector b = v.reinterpretAsInts().lanewise(VectorOperators.LSHL, 1);
            b.intoArray(bits, 0);
        }
    }
}
