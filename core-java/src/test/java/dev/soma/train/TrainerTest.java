package dev.soma.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.Batch;
import dev.soma.data.DataLoader;
import dev.soma.data.TensorDataset;
import dev.soma.nn.CrossEntropyLoss;
import dev.soma.nn.Dropout;
import dev.soma.nn.Linear;
import dev.soma.nn.Module;
import dev.soma.nn.ReLU;
import dev.soma.nn.Sequential;
import dev.soma.optim.SGD;
import dev.soma.optim.lr.ReduceLROnPlateau;
import dev.soma.optim.lr.StepLR;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerTest {
    /** Two Gaussian blobs in 2-D, labels 0 and 1, well apart. */
    private static TensorDataset blobs(int n, long seed) {
        Generator g = new Generator(seed);
        Tensor y = Tensor.randint(g, 0, 2, n);
        Tensor centre = y.to(dev.soma.tensor.DType.FLOAT32).mul(4f).sub(2f).unsqueeze(1).expand(n, 2);
        return new TensorDataset(Tensor.randn(g, n, 2).mul(0.5f).add(centre), y);
    }

    private static Sequential model() {
        Generator g = new Generator(1);
        return new Sequential(new Linear(2, 8, true, g), new ReLU(), new Linear(8, 2, true, g));
    }

    private static Trainer.Builder basics(Module m, double lr) {
        return Trainer.builder().loss(new CrossEntropyLoss()).optimizer(new SGD(m.parameters(), lr)).metrics(TopKAccuracy.accuracy())
                .progress(false);
    }

    @Test
    void fitLearnsAndRecordsEveryEpoch() {
        Sequential m = model();
        DataLoader<Tensor[]> train = DataLoader.builder(blobs(256, 2)).batchSize(32).shuffle(1).build();
        DataLoader<Tensor[]> val = DataLoader.builder(blobs(128, 3)).batchSize(64).build();
        History h = basics(m, 0.1).build().fit(m, train, val, 5);
        assertEquals(5, h.epochs());
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), h.metricNames());
        double[] loss = h.values("loss");
        assertTrue(loss[4] < loss[0] / 2, "the loss falls: " + java.util.Arrays.toString(loss));
        assertTrue(h.last("val_accuracy") > 0.95, "held-out accuracy " + h.last("val_accuracy"));
        assertTrue(m.isTraining(), "fit leaves the model in training mode");
    }

    @Test
    void evaluateNeedsNoOptimizer() {
        // y = 2x by hand; MSE against targets 1 and 3 at x = 1, 2: errors 1 and 1, mean loss 1.
        Linear lin = new Linear(1, 1);
        try (var off = dev.soma.autograd.GradMode.noGrad()) {
            lin.weight.fill_(2f);
            lin.bias.fill_(0f);
        }
        List<Batch> data = List.of(new Batch(Tensor.of(new float[] {1f, 2f}, 2, 1), Tensor.of(new float[] {1f, 3f}, 2, 1)));
        Map<String, Double> logs = Trainer.evaluate(lin, data, new dev.soma.nn.MSELoss());
        assertEquals(Map.of("loss", 1.0), logs);
        Trainer noOptimizer = Trainer.builder().loss(new dev.soma.nn.MSELoss()).progress(false).build();
        assertEquals(1.0, noOptimizer.evaluate(lin, data).get("loss"), 1e-9);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> noOptimizer.fit(lin, data, 1));
        assertTrue(e.getMessage().contains("no optimizer"), e.getMessage());
    }

    @Test
    void validationRunsInEvalModeWithoutGradients() {
        Sequential m = new Sequential(new Linear(2, 2), new Dropout(0.9, new Generator(4)));
        Trainer t = basics(m, 0.0).build();
        List<Batch> data = List.of(new Batch(Tensor.ones(64, 2), Tensor.zeros(64).to(dev.soma.tensor.DType.INT64)));
        Map<String, Double> a = t.evaluate(m, data), b = t.evaluate(m, data);
        assertEquals(a, b, "no dropout noise in evaluation");
        assertTrue(m.parameters().stream().allMatch(p -> p.grad() == null), "evaluation records no gradients");
    }

    @Test
    void aNonFiniteLossStopsTrainingNamingEpochAndBatch() {
        Sequential m = model();
        List<Batch> data = new ArrayList<>();
        for (int i = 0; i < 3; i++) data.add(new Batch(Tensor.ones(4, 2), Tensor.zeros(4).to(dev.soma.tensor.DType.INT64)));
        data.set(2, new Batch(Tensor.full(new int[] {4, 2}, Float.NaN), Tensor.zeros(4).to(dev.soma.tensor.DType.INT64)));
        var e = assertThrows(IllegalStateException.class, () -> basics(m, 0.1).build().fit(m, data, 2));
        assertTrue(e.getMessage().contains("epoch 1, batch 3") && e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
        Sequential m = model();
        float[][] weightsAt = new float[10][];
        double[] script = {0.9, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3};
        Metric scripted = new Metric() {
            int epoch = -1;

            @Override public String name() { return "score"; }

            @Override public void reset() { epoch++; }

            @Override public void update(Tensor o, Tensor t, double l) {}

            @Override public double value() { return script[epoch]; }    // reset once per epoch (validation uses copy())

            @Override public Metric copy() { return this; }
        };
        Callback record = new Callback() {
            @Override public void onEpochEnd(int epoch, Map<String, Double> logs, Control c) { weightsAt[epoch] = m.stateDict().get("0.weight").toFloatArray(); }
        };
        EarlyStopping stop = new EarlyStopping("val_score", 3, 0.0, "min", true);
        DataLoader<Tensor[]> data = DataLoader.builder(blobs(32, 5)).batchSize(8).build();
        History h = basics(m, 0.5).metrics(scripted).callbacks(record, stop).build().fit(m, data, data, 10);
        assertEquals(5, h.epochs(), "best at the second epoch, then three epochs without improvement");
        assertEquals(1, stop.bestEpoch());
        assertArrayEquals(weightsAt[1], m.stateDict().get("0.weight").toFloatArray(), "the weights of the best epoch are back");
    }

    @Test
    void checkpointsAreWrittenEveryNEpochsOrOnImprovement() {
        Sequential m = model();
        List<Path> every = new ArrayList<>(), best = new ArrayList<>();
        DataLoader<Tensor[]> data = DataLoader.builder(blobs(64, 6)).batchSize(16).build();
        basics(m, 0.1).callbacks(ModelCheckpoint.every("ck/e{epoch}.bin", 2, (mod, p) -> every.add(p)),
                ModelCheckpoint.best("ck/best.bin", "loss", (mod, p) -> best.add(p))).build().fit(m, data, 5);
        assertEquals(List.of(Path.of("ck/e2.bin"), Path.of("ck/e4.bin")), every);
        assertTrue(best.size() >= 2 && best.size() <= 5 && best.get(0).equals(Path.of("ck/best.bin")), best.toString());
    }

    @Test
    void schedulersStepPerEpochPerBatchOrOnAMetric() {
        DataLoader<Tensor[]> data = DataLoader.builder(blobs(64, 7)).batchSize(16).build();    // 4 batches
        Sequential m = model();
        SGD opt = new SGD(m.parameters(), 1.0);
        Trainer.builder().loss(new CrossEntropyLoss()).optimizer(opt).scheduler(new StepLR(opt, 1, 0.5), false).progress(false).build()
                .fit(m, data, 3);
        assertEquals(0.125, opt.paramGroups().get(0).lr(), 1e-12, "halved after each of 3 epochs");
        SGD opt2 = new SGD(m.parameters(), 1.0);
        Trainer.builder().loss(new CrossEntropyLoss()).optimizer(opt2).scheduler(new StepLR(opt2, 1, 0.5), true).progress(false).build()
                .fit(m, data, 1);
        assertEquals(1.0 / 16, opt2.paramGroups().get(0).lr(), 1e-12, "halved after each of 4 batches");
        SGD opt3 = new SGD(m.parameters(), 1.0);
        ReduceLROnPlateau.Options o = new ReduceLROnPlateau.Options();
        o.patience = 0;
        o.mode = "max";    // the loss never "rises", so every epoch counts as stalled
        Trainer.builder().loss(new CrossEntropyLoss()).optimizer(opt3).scheduler(new ReduceLROnPlateau(opt3, o), "loss").progress(false)
                .build().fit(m, data, 2);
        assertTrue(opt3.paramGroups().get(0).lr() < 1.0, "plateau cut the lr");
    }

    @Test
    void plainProgressIsOneLinePerEpochAndListenersSeeEverything() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> events = new ArrayList<>();
        TrainingListener spy = new TrainingListener() {
            @Override public void onEpochStart(int e, int n, int b) { events.add("start " + e + " " + b); }

            @Override public void onBatch(int e, int b, int n, Map<String, Double> r, double s) { events.add("batch " + b); }

            @Override public void onEpochEnd(int e, int n, Map<String, Double> l, double s, double r) { events.add("end " + e); }
        };
        Sequential m = model();
        DataLoader<Tensor[]> data = DataLoader.builder(blobs(32, 8)).batchSize(16).build();
        basics(m, 0.1).listeners(spy).progress(new PrintStream(out), false).build().fit(m, data, 2);
        String[] lines = out.toString().strip().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[1].matches("epoch 2/2  loss \\d+\\.\\d{4}  accuracy \\d+\\.\\d{4}  \\d+\\.\\ds  \\d+ samples/s"), lines[1]);
        assertEquals(List.of("start 0 2", "batch 0", "batch 1", "end 0", "start 1 2", "batch 0", "batch 1", "end 1"), events);
    }

    @Test
    void topKAndConfusionMatrixByHand() {
        Tensor out = Tensor.of(new float[] {0.1f, 0.5f, 0.4f, 0.7f, 0.2f, 0.1f, 0.3f, 0.3f, 0.4f}, 3, 3);
        Tensor y = Tensor.ofLongs(new long[] {2, 0, 1}, 3);
        TopKAccuracy top1 = TopKAccuracy.accuracy(), top2 = new TopKAccuracy(2);
        top1.update(out, y, 0);
        top2.update(out, y, 0);
        assertEquals(1.0 / 3, top1.value(), 1e-12);
        assertEquals(2.0 / 3, top2.value(), 1e-12, "row 0: class 2 is second; row 2: class 1 ties class 0 and loses");
        assertEquals("top2_accuracy", top2.name());
        ConfusionMatrix cm = new ConfusionMatrix(3);
        cm.update(out, y);
        assertArrayEquals(new long[] {1, 0, 0}, cm.counts()[0]);
        assertArrayEquals(new long[] {0, 0, 1}, cm.counts()[1]);
        assertArrayEquals(new long[] {0, 1, 0}, cm.counts()[2]);
        assertEquals(1.0 / 3, cm.accuracy(), 1e-12);
        assertTrue(cm.toString().contains("t\\p"));
    }

    @Test
    void historyExportsCsv() throws Exception {
        History h = new History();
        h.addEpoch(Map.of("loss", 1.5));
        h.addEpoch(new java.util.LinkedHashMap<>(Map.of("loss", 0.75)));
        h.addEpoch(Map.of("loss", 0.5, "val_loss", 0.6));
        java.io.StringWriter w = new java.io.StringWriter();
        h.writeCsv(w);
        assertEquals("epoch,loss,val_loss\n1,1.50000,\n2,0.750000,\n3,0.500000,0.600000\n", w.toString());
    }

    @Test void predictInBatchesJoinsTheSameOutputsInEvalMode() {
        var model = new Sequential(new Linear(3, 4, true, new Generator(1)), new Dropout(0.5), new ReLU());
        Tensor x = Tensor.randn(new Generator(2), 10, 3);
        model.train();
        Tensor whole = Trainer.predict(model, x), batched = Trainer.predict(model, x, 3);
        assertArrayEquals(new int[] {10, 4}, batched.shape());
        assertArrayEquals(whole.toFloatArray(), batched.toFloatArray());     // dropout off: eval mode in both
        assertTrue(model.isTraining(), "the training flag is restored");
        assertArrayEquals(whole.toFloatArray(), Trainer.predict(model, x, 10).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> Trainer.predict(model, x, 0));
    }
}
