package dev.soma.spark.scaling;

/**
 * The step time of synchronous data parallelism on N workers, from measured compute and a stated network: latency
 * α per message, bandwidth β bytes/s per link, Spark's per-step scheduling σ0 + σ1·N, and Java serialization at γ
 * bytes/s. S = 4·P bytes of gradient (and of weights). Three exchanges:
 * <ul>
 * <li>{@link Exchange#DRIVER}: this module's design. The driver broadcasts the weights (Spark's torrent broadcast:
 * a pipelined tree, ⌈log2(N+1)⌉ hops of α plus S/β), then receives N gradients over its one link (α + N·S/β) and
 * adds them in worker order; the weights and the N gradients are each serialised and read back once.</li>
 * <li>{@link Exchange#TREE}: treeAggregate of depth 2 (√N-way): two shuffle stages each costing σ0 and √N·S/β at a
 * reducer, plus the broadcast; summation order then depends on task timing (not deterministic).</li>
 * <li>{@link Exchange#RING}: a ring all-reduce (PyTorch DDP, Horovod) inside one long-lived barrier stage: 2(N−1)
 * messages of S/N per worker, no per-step job; needs a transport Spark does not give tasks (its barrier allGather
 * routes every message through the driver).</li>
 * </ul>
 */
public record ScalingModel(double alpha, double beta, double sigma0, double sigma1, double gamma) {
    /** How the gradients are combined. */
    public enum Exchange { DRIVER, TREE, RING }

    /** A 10 Gb/s Ethernet cluster: α = 50 µs, β = 1.1 GB/s (90% of line rate), with the given Spark and serialization costs. */
    public static ScalingModel tenGigabit(double sigma0, double sigma1, double gamma) { return new ScalingModel(50e-6, 1.1e9, sigma0, sigma1, gamma); }

    /** Seconds per step spent outside the workers' forward and backward for {@code params} parameters on {@code workers}. */
    public double overhead(Exchange e, long params, int workers) {
        double s = 4.0 * params;
        double broadcast = Math.ceil(log2(workers + 1)) * alpha + s / beta;
        return switch (e) {
            case DRIVER -> sigma0 + sigma1 * workers + broadcast + alpha + workers * s / beta + (workers + 1) * 2 * s / gamma;
            case TREE -> {
                double fan = Math.ceil(Math.sqrt(workers));
                yield 2 * sigma0 + sigma1 * workers + broadcast + 2 * (alpha + fan * s / beta) + 4 * s / gamma * (1 + fan);
            }
            case RING -> workers == 1 ? 0 : 2 * (workers - 1) * alpha + 2.0 * (workers - 1) / workers * s / beta;
        };
    }

    /** Seconds per step: {@code perWorkerBatch} samples at {@code secondsPerSample} each, then the exchange. */
    public double stepSeconds(Exchange e, long params, int workers, int perWorkerBatch, double secondsPerSample) {
        return perWorkerBatch * secondsPerSample + overhead(e, params, workers);
    }

    /** Scaling efficiency with the per-worker batch fixed: the compute share of the step (1 for a free exchange). */
    public double efficiency(Exchange e, long params, int workers, int perWorkerBatch, double secondsPerSample) {
        return perWorkerBatch * secondsPerSample / stepSeconds(e, params, workers, perWorkerBatch, secondsPerSample);
    }

    /** The smallest per-worker batch reaching {@code target} efficiency: compute must be target/(1−target) times the overhead. */
    public int minPerWorkerBatch(Exchange e, long params, int workers, double secondsPerSample, double target) {
        if (!(target > 0 && target < 1)) throw new IllegalArgumentException("ScalingModel: target efficiency must be in (0, 1), got " + target);
        return (int) Math.ceil(target / (1 - target) * overhead(e, params, workers) / secondsPerSample);
    }

    private static double log2(double x) { return Math.log(x) / Math.log(2); }
}
