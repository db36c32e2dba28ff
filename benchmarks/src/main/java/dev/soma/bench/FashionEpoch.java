package dev.soma.bench;

import dev.soma.data.Batch;
import dev.soma.data.DataLoader;
import dev.soma.data.FashionMnist;
import dev.soma.data.TensorDataset;
import dev.soma.nn.BatchNorm2d;
import dev.soma.nn.Conv2d;
import dev.soma.nn.CrossEntropyLoss;
import dev.soma.nn.Flatten;
import dev.soma.nn.IntsOrString;
import dev.soma.nn.Linear;
import dev.soma.nn.MaxPool2d;
import dev.soma.nn.ReLU;
import dev.soma.nn.Sequential;
import dev.soma.optim.Adam;
import dev.soma.tensor.DType;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import dev.soma.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Seconds per shuffled Fashion-MNIST epoch (Adam lr 1e-3, batch 64, data in memory; the median epoch of a fresh model
 * after a warm-up on a throwaway one): W3 the MLP (784 → 256 → 128 → 10) over two epochs, with the test accuracy
 * after them; W8 the small CNN (conv3×3 1→32, BN, ReLU, maxpool2, depthwise-separable 32→64, maxpool2, Linear
 * 3136→10) over one epoch; and "DL": the DataLoader alone, shuffled batches of 64 per second.
 * As in torch_workloads.py, --quick times two epochs of {@value #QUICK_BATCHES} batches each, scaled to a whole epoch.
 */
public final class FashionEpoch implements Workload {
    private static final int QUICK_BATCHES = 100;
    private final String id;
    private final Path data;

    private FashionEpoch(String id, Path data) { this.id = id; this.data = data; }

    /** W3: training epochs, on Fashion-MNIST from {@code data} (null: found as {@link FashionMnist#locate} finds it). */
    public static FashionEpoch training(Path data) { return new FashionEpoch("W3", data); }

    /** W8: the small CNN's training epoch, on 1×28×28 images. */
    public static FashionEpoch cnn(Path data) { return new FashionEpoch("W8", data); }

    /** DL: the loader's own throughput on the same data. */
    public static FashionEpoch loader(Path data) { return new FashionEpoch("DL", data); }

    @Override public String id() { return id; }

    @Override
    public void run(Report report, Timing timing) {
        Optional<Path> dir = FashionMnist.locate(data);
        if (data != null && !dir.equals(Optional.of(data)))
            throw new IllegalArgumentException("Bench: --data " + data + " does not hold the four Fashion-MNIST files"
                    + " (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte,"
                    + " each optionally .gz)");
        if (dir.isEmpty()) {
            System.err.println(id + " skipped: Fashion-MNIST not found");
            return;
        }
        FashionMnist.Splits s;
        try {
            s = FashionMnist.load(dir.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean cnn = id.equals("W8");
        TensorDataset train = normalized(s.train(), cnn), test = normalized(s.test(), cnn);
        if (id.equals("DL")) {
            DataLoader<Tensor[]> loader = DataLoader.builder(train).batchSize(64).shuffle(0).build();
            Timing.Result t = timing.median(() -> {
                for (Batch b : loader) if (b.size() == 0) throw new IllegalStateException();
            });
            report.emit(id, "fashion-mnist shuffle batch=64", "samples_per_s", train.size() / t.medianSeconds(), t);
            return;
        }
        // As the reference: warm up on a throwaway model (20-batch bursts) for the rule's warm-up time, then train a
        // fresh model and report the median epoch.
        // Quick epochs stop early: no prefetching worker to abandon then either.
        DataLoader.Builder<Tensor[]> timed = DataLoader.builder(train).batchSize(64).shuffle(0);
        DataLoader<Tensor[]> loader = (timing.quick() ? timed.prefetch(0) : timed).build();
        // Warm-up bursts leave their epochs early: no prefetching worker to abandon each time.
        DataLoader<Tensor[]> warmLoader = DataLoader.builder(train).batchSize(64).shuffle(1).prefetch(0).build();
        Sequential warm = model(cnn, new Generator(1));
        Adam warmOpt = new Adam(warm.parameters(), 1e-3);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        WarmUp warmUp = timing.warmUp();
        while (!warmUp.done()) {
            int n = 0;
            for (Batch b : warmLoader) {
                if (n++ == 20) break;
                warmOpt.zeroGrad();
                loss.forward(warm.forward(b.inputs()), b.targets()).backward();
                warmOpt.step();
            }
        }
        Sequential model = model(cnn, new Generator(0));
        Adam opt = new Adam(model.parameters(), 1e-3);
        int epochs = cnn ? 1 : 2, batches = (train.size() + 63) / 64;
        int timedBatches = timing.quick() ? QUICK_BATCHES : batches;
        double[] seconds = new double[epochs];
        OtherCpu.Sample before = OtherCpu.sample();
        for (int e = 0; e < epochs; e++) {
            model.train();
            long t0 = System.nanoTime();
            int n = 0;
            for (Batch b : loader) {
                if (n++ == timedBatches) break;
                opt.zeroGrad();
                loss.forward(model.forward(b.inputs()), b.targets()).backward();
                opt.step();
            }
            seconds[e] = (System.nanoTime() - t0) / 1e9 * batches / timedBatches;
        }
        Double otherCpu = OtherCpu.cores(before, OtherCpu.sample());
        report.emit(id, "batch=64", "s_per_epoch", Timing.median(seconds), epochs, otherCpu);
        if (cnn) return;
        Tensor out = Trainer.predict(model, test.tensor(0));
        double acc = out.argmax(1).eq(test.tensor(1)).to(DType.FLOAT32).mean().item();
        report.emit(id, "batch=64", "test_accuracy", acc, epochs, otherCpu);
    }

    /** Normalised as the PyTorch side does: (N, 1, 28, 28) images for the CNN, flattened to (N, 784) for the MLP. */
    private static TensorDataset normalized(TensorDataset d, boolean images) {
        Tensor x = d.tensor(0).sub(0.2860f).div(0.3530f);
        return new TensorDataset(images ? x.reshape(x.size(0), 1, 28, 28) : x.reshape(x.size(0), 784), d.tensor(1));
    }

    private static Sequential model(boolean cnn, Generator g) { return cnn ? smallCnn(g) : MlpInference.fashionMlp(g); }

    /** W8's network, as torch_workloads.py's small_cnn: convolutions feeding BatchNorm have no bias. */
    static Sequential smallCnn(Generator g) {
        return new Sequential(new Conv2d(1, 32, new int[] {3}, new int[] {1}, IntsOrString.of(1), new int[] {1}, 1, false, "zeros", g),
                new BatchNorm2d(32), new ReLU(), new MaxPool2d(2), ConvBlocks.separableBlock(32, 64, g), new MaxPool2d(2),
                new Flatten(), new Linear(64 * 7 * 7, 10, true, g));
    }
}
