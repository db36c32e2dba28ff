package dev.soma.bench;

import java.util.List;

/** The one place workloads are registered, in the order they run (the order of torch_workloads.py). */
public final class Workloads {
    private Workloads() {}

    /** Every workload the Soma side implements; add W2..W8 here as they come. */
    public static List<Workload> all() {
        return List.of(new SquareGemm(256, 512, 1024, 2048), new LinearGemm(), new MlpTrainingStep(), FashionMlpEpoch.training(),
                MlpInference.latency(), MlpInference.throughput(), FashionMlpEpoch.loader(), new MemoryBoundKernels(),
                new BatchedProducts(), new IdleForks());
    }
}
