package dev.soma.bench;

import dev.soma.Soma;
import dev.soma.kernel.Gemm;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the Soma side of the benchmark workloads and prints one JSON line per measurement on stdout.
 * Usage: {@code Bench [--only W1,W1t] [--threads N] [--quick] [--data DIR]}; progress goes to stderr. --data is the
 * Fashion-MNIST folder for W3 (as torch_workloads.py's --data); without it the folder is found as the samples find it.
 */
public final class Bench {
    private Bench() {}

    /** Entry point; see the class comment for the options. */
    public static void main(String[] args) {
        int threads = 2;
        boolean quick = false;
        Path data = null;
        Set<String> only = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--threads" -> threads = Integer.parseInt(value(args, ++i, "--threads"));
                case "--data" -> data = Path.of(value(args, ++i, "--data"));
                case "--only" -> {
                    for (String w : value(args, ++i, "--only").split(",")) if (!w.isBlank()) only.add(w.strip());
                }
                default -> throw new IllegalArgumentException("Bench: unknown option " + args[i]
                        + " (expected --only W1,W1t, --threads N, --quick, --data DIR)");
            }
        }
        List<Workload> workloads = Workloads.select(only, Workloads.all(data));
        Set<String> wanted = new LinkedHashSet<>(workloads.stream().map(Workload::id).toList());
        Soma.setThreads(threads);
        Report report = new Report(System.out, threads, wanted, Gemm.kernelName());
        report.header();
        Timing timing = new Timing(quick);
        for (Workload w : workloads) {
            System.err.println("running " + w.id());
            w.run(report, timing);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException("Bench: " + option + " needs a value");
        return args[i];
    }
}
