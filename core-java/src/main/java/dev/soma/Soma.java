package dev.soma;

import dev.soma.kernel.KernelThreads;

/** Library-wide settings. */
public final class Soma {
    private Soma() {}

    /** Sets how many threads Soma's kernels use (default: available processors). Results do not depend on it. */
    public static void setThreads(int n) { KernelThreads.setThreads(n); }

    /** The number of threads Soma's kernels use. */
    public static int threads() { return KernelThreads.threads(); }
}
