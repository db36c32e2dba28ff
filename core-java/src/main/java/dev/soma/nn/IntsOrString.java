package dev.soma.nn;

import java.util.Arrays;
import java.util.Objects;

/**
 * A config value that is a string, an int or a list of ints, as PyTorch's {@code padding="same" | 1 | (1, 2)}.
 * An int and a one-element list stay apart ({@code 3} is not {@code (3,)}), so a config keeps what it was given.
 */
public final class IntsOrString {
    private final String string;     // set for a string
    private final int[] ints;        // set for an int (one element) or a list
    private final boolean scalar;

    private IntsOrString(String string, int[] ints, boolean scalar) {
        this.string = string;
        this.ints = ints;
        this.scalar = scalar;
    }

    /** A string value, e.g. {@code "same"} or {@code "valid"}. */
    public static IntsOrString of(String value) {
        return new IntsOrString(Objects.requireNonNull(value, "value"), null, false);
    }

    /** A single int, e.g. {@code padding=1}. */
    public static IntsOrString of(int value) { return new IntsOrString(null, new int[] {value}, true); }

    /** A list of ints, e.g. {@code padding=(1, 2)}; {@code of(new int[] {3})} is the one-element list {@code (3,)}. */
    public static IntsOrString of(int... values) {
        return new IntsOrString(null, Objects.requireNonNull(values, "values").clone(), false);
    }

    /** True for a string value. */
    public boolean isString() { return string != null; }

    /** True for a single int. */
    public boolean isInt() { return scalar; }

    /** True for a list of ints. */
    public boolean isInts() { return string == null && !scalar; }

    /** The string value; IllegalStateException when this holds ints. */
    public String string() {
        if (string == null) throw new IllegalStateException("expected a string, got " + this);
        return string;
    }

    /** The single int; IllegalStateException when this holds a string or a list. */
    public int intValue() {
        if (!scalar) throw new IllegalStateException("expected an int, got " + this);
        return ints[0];
    }

    /** A copy of the ints: one element for a single int; IllegalStateException for a string. */
    public int[] ints() {
        if (string != null) throw new IllegalStateException("expected ints, got " + this);
        return ints.clone();
    }

    /**
     * The ints for {@code n} dims, as PyTorch's {@code _pair}/{@code _triple}: a single int repeated n times, or a list
     * of exactly n; anything else (a string, another length) raises IllegalArgumentException.
     */
    public int[] ints(int n) {
        if (scalar) {
            int[] out = new int[n];
            Arrays.fill(out, ints[0]);
            return out;
        }
        if (string != null || ints.length != n)
            throw new IllegalArgumentException("expected an int or " + n + " ints, got " + this);
        return ints.clone();
    }

    /** The plain value a {@link Config} stores: a String, an Integer or an int[] (a copy). */
    Object value() { return string != null ? string : scalar ? Integer.valueOf(ints[0]) : ints.clone(); }

    @Override public boolean equals(Object o) {
        return o instanceof IntsOrString v && scalar == v.scalar && Objects.equals(string, v.string) && Arrays.equals(ints, v.ints);
    }

    @Override public int hashCode() { return Objects.hash(string, scalar, Arrays.hashCode(ints)); }

    /** As PyTorch's repr prints the argument: {@code same}, {@code 1}, {@code (1, 2)} or {@code (3,)}. */
    @Override public String toString() {
        if (string != null) return string;
        if (scalar) return Integer.toString(ints[0]);
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < ints.length; i++) sb.append(i == 0 ? "" : ", ").append(ints[i]);
        return sb.append(ints.length == 1 ? ",)" : ")").toString();
    }
}
