package dev.soma.autograd;

/**
 * Whether operations record a graph for backward, per thread (as torch.no_grad / torch.enable_grad).
 * Use as {@code try (var g = GradMode.noGrad()) { ... }}; the previous mode is restored on close.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {}

    /** True when operations on tensors that require grad record graph nodes. */
    public static boolean isEnabled() { return ENABLED.get()[0]; }

    /** Turns recording off until the returned guard is closed. */
    public static Guard noGrad() { return set(false); }

    /** Turns recording on until the returned guard is closed (inside a no-grad scope). */
    public static Guard enableGrad() { return set(true); }

    private static Guard set(boolean on) {
        boolean[] cell = ENABLED.get();
        boolean previous = cell[0];
        cell[0] = on;
        return new Guard(cell, previous);
    }

    /** Restores the grad mode that was in force when it was created. */
    public static final class Guard implements AutoCloseable {
        private final boolean[] cell;
        private final boolean previous;
        private boolean closed;

        private Guard(boolean[] cell, boolean previous) {
            this.cell = cell;
            this.previous = previous;
        }

        @Override public void close() {
            if (!closed) {
                cell[0] = previous;
                closed = true;
            }
        }
    }
}
