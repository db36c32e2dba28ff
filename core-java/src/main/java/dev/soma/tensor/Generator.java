package dev.soma.tensor;

/**
 * A seeded source of random numbers (as torch.Generator): the same seed gives the same numbers on every
 * machine. The default generator is shared and can be reseeded with {@link #manualSeed(long)}.
 * Not thread-safe: use one generator per thread of use.
 */
public final class Generator {
    private static final Generator DEFAULT = new Generator(0x50A4L);

    private long state;
    private double spareNormal;
    private boolean hasSpare;

    /** A generator seeded with {@code seed}. */
    public Generator(long seed) { setSeed(seed); }

    /** The process-wide default generator used when no generator is passed. */
    public static Generator defaultGenerator() { return DEFAULT; }

    /** Reseeds the default generator, as torch.manual_seed. */
    public static void manualSeed(long seed) { DEFAULT.setSeed(seed); }

    /** Resets this generator to the stream of {@code seed}. */
    public synchronized void setSeed(long seed) {
        state = seed;
        hasSpare = false;
    }

    /** The full state, so a checkpoint can restore the stream exactly. */
    public synchronized long[] getState() {
        return new long[] {state, hasSpare ? 1 : 0, Double.doubleToRawLongBits(spareNormal)};
    }

    /** Restores a state returned by {@link #getState()}. */
    public synchronized void setState(long[] s) {
        if (s == null || s.length != 3) throw new IllegalArgumentException("Generator state must have 3 longs");
        state = s[0];
        hasSpare = s[1] != 0;
        spareNormal = Double.longBitsToDouble(s[2]);
    }

    /** The next 64 random bits (SplitMix64). */
    public synchronized long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() { return (nextLong() >>> 11) * 0x1.0p-53; }

    /** Uniform float in [0, 1). */
    public float nextFloat() { return (nextLong() >>> 40) * 0x1.0p-24f; }

    /**
     * dst[off + i] = the next n {@link #nextFloat()} values, under one lock: the same numbers as n single calls, without
     * a lock per draw (which made a dropout mask of 400K elements cost 11 ms).
     */
    public synchronized void nextFloats(float[] dst, int off, int n) {
        java.util.Objects.checkFromIndexSize(off, n, dst.length);
        long s = state;
        for (int i = 0; i < n; i++) {
            long z = (s += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            dst[off + i] = ((z ^ (z >>> 31)) >>> 40) * 0x1.0p-24f;
        }
        state = s;
    }

    /** Uniform integer in [0, bound), without modulo bias. */
    public long nextLong(long bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound;
        long r;
        do { r = nextLong() >>> 1; } while (r >= limit);
        return r % bound;
    }

    /** Standard normal sample (Box-Muller, both values used). */
    public synchronized double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareNormal;
        }
        double u1, u2;
        do { u1 = nextDouble(); } while (u1 <= 0);
        u2 = nextDouble();
        double r = Math.sqrt(-2 * Math.log(u1));
        spareNormal = r * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return r * Math.cos(2 * Math.PI * u2);
    }
}
