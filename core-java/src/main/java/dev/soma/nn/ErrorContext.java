package dev.soma.nn;

/**
 * Tells where an error happened (a Sequential position, an epoch and batch) without hiding it: the same exception
 * type with a fuller message and the original as the cause, so callers catching the type still catch it.
 */
public final class ErrorContext {
    private ErrorContext() {}

    /** {@code e} with {@code context} put before its message; see {@link #withMessage}. */
    public static RuntimeException prefixed(String context, RuntimeException e) { return withMessage(e, context + e.getMessage()); }

    /**
     * {@code e} remade as the same type with {@code message} and {@code e} as its cause; a type this cannot remake (a
     * subclass, an exception with extra fields) comes back as it is.
     */
    public static RuntimeException withMessage(RuntimeException e, String message) {
        Class<?> type = e.getClass();
        if (type == IllegalArgumentException.class) return new IllegalArgumentException(message, e);
        if (type == IllegalStateException.class) return new IllegalStateException(message, e);
        if (type == UnsupportedOperationException.class) return new UnsupportedOperationException(message, e);
        if (type == IndexOutOfBoundsException.class) return (RuntimeException) new IndexOutOfBoundsException(message).initCause(e);
        if (type == ArithmeticException.class) return (RuntimeException) new ArithmeticException(message).initCause(e);
        return e;
    }
}
