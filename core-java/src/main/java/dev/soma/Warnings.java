package dev.soma;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Warnings shown once per kind, as Python's warnings module does by default: a loss fed shapes that broadcast by
 * accident, a missing Vector API. Depends on nothing, so every layer of Soma can warn.
 */
public final class Warnings {
    private Warnings() {}

    private static final Set<String> GIVEN = ConcurrentHashMap.newKeySet();
    private static volatile PrintStream out = System.err;

    /** Prints "WARNING: " + {@code message} the first time {@code kind} warns; returns whether it printed. */
    public static boolean once(String kind, String message) {
        if (!GIVEN.add(kind)) return false;
        out.println("WARNING: " + message);
        return true;
    }

    /** Sends warnings to {@code stream} (standard error by default); returns the previous stream. */
    public static PrintStream output(PrintStream stream) {
        PrintStream previous = out;
        out = stream;
        return previous;
    }

    /** Forgets which kinds have warned, so each warns once more (Python's warnings.resetwarnings; for tests and notebooks). */
    public static void reset() { GIVEN.clear(); }
}
