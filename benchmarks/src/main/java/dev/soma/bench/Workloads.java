package dev.soma.bench;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The one place workloads are registered, in the order they run (the order of torch_workloads.py). */
public final class Workloads {
    /** Every workload id of WORKLOADS.md, as torch_workloads.py lists them (some not implemented here yet). */
    public static final List<String> REFERENCE_IDS =
            List.of("W1", "W1t", "W2", "W3", "W4a", "W4b", "W4c", "W5", "W6a", "W6b", "W7", "W8", "W9", "W10");

    private Workloads() {}

    /** Every workload the Soma side implements, W3 and DL reading Fashion-MNIST from {@code data} (null: located). */
    public static List<Workload> all(Path data) {
        return List.of(new SquareGemm(256, 512, 1024, 2048), new LinearGemm(), new MlpTrainingStep(), FashionEpoch.training(data),
                ConvBlocks.basic(), ConvBlocks.separable(), new GroupedConv(), new TransformerLayerStep(), MlpInference.latency(), MlpInference.throughput(), new LstmForwardBackward(), FashionEpoch.cnn(data), FashionEpoch.loader(data), new MemoryBoundKernels(),
                new BatchedProducts(), new IdleForks());
    }

    /**
     * The workloads to run for the ids given with --only (all when none is given), matched ignoring case as
     * torch_workloads.py matches them. An id of WORKLOADS.md that Soma does not implement yet is skipped with a note on
     * stderr; any other unknown id is an error.
     */
    public static List<Workload> select(Set<String> asked, List<Workload> workloads) {
        if (asked.isEmpty()) return workloads;
        Set<Workload> chosen = new LinkedHashSet<>();
        for (String a : asked) {
            Workload w = workloads.stream().filter(x -> x.id().equalsIgnoreCase(a)).findFirst().orElse(null);
            if (w != null) {
                chosen.add(w);
            } else if (REFERENCE_IDS.stream().anyMatch(a::equalsIgnoreCase)) {
                System.err.println(a.toUpperCase(Locale.ROOT) + " skipped: not implemented on the Soma side yet");
            } else {
                throw new IllegalArgumentException("Bench: unknown workload " + a + " in --only (known: "
                        + String.join(", ", workloads.stream().map(Workload::id).toList()) + ")");
            }
        }
        return workloads.stream().filter(chosen::contains).toList();   // in the registry's order, as the reference runs them
    }
}
