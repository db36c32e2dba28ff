package dev.soma.autograd;

import dev.soma.tensor.Tensor;

/**
 * The tensor internals only the autograd engine uses (setting a result's grad_fn, the storage creation marks behind
 * gradient reuse), kept off Tensor's public API: Tensor's static initializer hands an implementation over once, as
 * the JDK's SharedSecrets hands java.lang internals to its own packages. Nothing here is for users.
 */
public final class TensorAccess {
    private TensorAccess() {}

    /** What Tensor exposes to this package; implemented once, inside dev.soma.tensor. */
    public interface Internals {
        /** Marks the fresh tensor {@code t} as output {@code index} of {@code node}. */
        void attachGradFn(Tensor t, Node node, int index);

        /** A mark taken before a computation that separates the storages it creates from older ones. */
        long creationMark();

        /** True when {@code t} spans all of a contiguous storage created after {@code mark}, so no older tensor views it. */
        boolean ownsStorageCreatedSince(Tensor t, long mark);
    }

    private static Internals internals;

    /** Called by Tensor's static initializer only; any other caller, or a second call, fails. */
    public static synchronized void install(Internals impl) {
        Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
        if (caller != Tensor.class || internals != null)
            throw new IllegalStateException("tensor internals are installed once, by dev.soma.tensor.Tensor");
        internals = impl;
    }

    static void attachGradFn(Tensor t, Node node, int index) { internals.attachGradFn(t, node, index); }

    static long creationMark() { return internals.creationMark(); }

    static boolean ownsStorageCreatedSince(Tensor t, long mark) { return internals.ownsStorageCreatedSince(t, mark); }
}
