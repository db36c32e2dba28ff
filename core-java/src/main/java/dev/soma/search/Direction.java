package dev.soma.search;

/** Whether a search looks for the highest score (accuracy) or the lowest (loss). */
public enum Direction {
    MAXIMIZE, MINIMIZE;

    /** True when score a is strictly better than score b; NaN is never better, and anything is better than NaN. */
    public boolean better(double a, double b) {
        if (Double.isNaN(a)) return false;
        if (Double.isNaN(b)) return true;
        return this == MAXIMIZE ? a > b : a < b;
    }

    /** Orders scores best first, NaN last. */
    public int compare(double a, double b) { return better(a, b) ? -1 : better(b, a) ? 1 : 0; }
}
