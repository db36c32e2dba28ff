package dev.soma.bench;

import dev.soma.Soma;
import dev.soma.kernel.Gemm;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Runs the Soma side of the benchmark workloads and prints one JSON line per measurement on stdout.
 * Usage: {@code Bench [--only W1,W1t] [--threads N] [--quick]}; progress goes to stderr.
 */
public final class Bench {
    private Bench() {}

    /** Entry point; see the class comment for the options. */
    public static void main(String[] args) {
        int threads = 2;
        boolean quick = false;
        Set<String> only = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--threads" -> threads = Integer.parseInt(value(args, ++i, "--threads"));
                case "--only" -> {
                    for (String w : value(args, ++i, "--only").split(",")) if (!w.isBlank()) only.add(w.strip());
                }
                default -> throw new IllegalArgumentException("Bench: unknown option " + args[i]
                        + " (expected --only W1,W1t, --threads N, --quick)");
            }
        }
        Soma.setThreads(threads);
        Report report = new Report(System.out, threads, only, Gemm.kernelName());
        report.header();
        Timing timing = new Timing(quick);
        for (Workload w : Workloads.all()) {
            if (!report.runs(w.id())) continue;
            System.err.println("running " + w.id());
            w.run(report, timing);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException("Bench: " + option + " needs a value");
        return args[i];
    }
}
