package dev.soma.bench;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

/**
 * Prints measurements as JSON lines in the schema of torch_workloads.py: {"workload", "case", "metric", "value",
 * "threads", "framework", "version", "iters", "other_cpu"} plus a "kernel" extra; other_cpu (cores other processes
 * used while the figure was timed, rounded to 0.01 as the reference rounds it) is left out where it was not measured.
 */
public final class Report {
    /** Soma's version as reported in the "version" field. */
    public static final String VERSION = "0.1.0-SNAPSHOT";
    /** other_cpu above this marks a figure taken beside other work (WORKLOADS.md: it does not count). */
    public static final double BUSY = 0.05;

    private final PrintStream out;
    private final int threads;
    private final Set<String> wanted;
    private final String kernel;

    /** A report for {@code threads} threads that keeps only the {@code wanted} workload ids. */
    public Report(PrintStream out, int threads, Set<String> wanted, String kernel) {
        this.out = out; this.threads = threads; this.wanted = wanted; this.kernel = kernel;
    }

    /** Whether the workload with this id was asked for. */
    public boolean runs(String workload) { return wanted.contains(workload); }

    /** Prints the header line: the machine and settings the measurements below were taken on. */
    public void header() {
        out.println("{\"machine\": {\"cpu\": " + quote(System.getProperty("os.arch"))
                + ", \"cores\": " + Runtime.getRuntime().availableProcessors()
                + ", \"threads\": " + threads
                + ", \"java\": " + quote(System.getProperty("java.version"))
                + ", \"soma\": " + quote(VERSION)
                + ", \"kernel\": " + quote(kernel) + "}}");
        out.flush();
    }

    /** Prints one measurement line from a timed result: its iteration count and the other processes' CPU. */
    public void emit(String workload, String caseName, String metric, double value, Timing.Result timed) {
        emit(workload, caseName, metric, value, timed.iters(), timed.otherCpu());
    }

    /** Prints one measurement line, as torch_workloads.py's Bench.emit does; otherCpu may be null (not measured). */
    public void emit(String workload, String caseName, String metric, double value, int iters, Double otherCpu) {
        if (!runs(workload)) return;
        out.println(line(workload, caseName, metric, value, threads, iters, otherCpu, kernel));
        out.flush();
        if (otherCpu != null && otherCpu > BUSY)
            System.err.printf(Locale.ROOT, "  %s %s: other processes used %.2f cores meanwhile%n", workload, caseName, otherCpu);
    }

    /** One JSON line with the field names and order of the PyTorch side. */
    static String line(String workload, String caseName, String metric, double value, int threads, int iters,
                       Double otherCpu, String kernel) {
        return "{\"workload\": " + quote(workload) + ", \"case\": " + quote(caseName)
                + ", \"metric\": " + quote(metric) + ", \"value\": " + number(value, 1e6)
                + ", \"threads\": " + threads + ", \"framework\": \"soma\", \"version\": " + quote(VERSION)
                + ", \"iters\": " + iters
                + (otherCpu == null ? "" : ", \"other_cpu\": " + number(otherCpu, 100))
                + ", \"kernel\": " + quote(kernel) + "}";
    }

    // Python's round(value, 6) (scale 1e6; other_cpu: round(value, 2), scale 100) printed as json.dumps would print a
    // float, without exponent for usual values.
    static String number(double value, double scale) {
        if (Double.isNaN(value) || Double.isInfinite(value)) return "NaN";    // what json.dumps writes for NaN
        double rounded = Math.round(value * scale) / scale;
        String s = BigDecimal.valueOf(rounded).toPlainString();
        return s.contains(".") ? s : s + ".0";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') b.append('\\').append(ch);
            else if (ch < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
            else b.append(ch);
        }
        return b.append('"').toString();
    }
}
