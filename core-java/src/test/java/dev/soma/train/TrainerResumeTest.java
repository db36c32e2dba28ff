package dev.soma.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.data.DataLoader;
import dev.soma.data.TensorDataset;
import dev.soma.nn.CrossEntropyLoss;
import dev.soma.nn.Linear;
import dev.soma.nn.ReLU;
import dev.soma.nn.Sequential;
import dev.soma.optim.OptimizerState;
import dev.soma.optim.SGD;
import dev.soma.optim.lr.StepLR;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Trainer.resume and Trainer.checkpoint: a run saved after epoch k and continued gives the uninterrupted run's weights. */
class TrainerResumeTest {
    private static TensorDataset data() {
        Generator g = new Generator(5);
        return new TensorDataset(Tensor.randn(g, 40, 3), Tensor.randint(g, 0, 2, 40));
    }

    private static Sequential model() {
        Generator g = new Generator(1);
        return new Sequential(new Linear(3, 6, true, g), new ReLU(), new Linear(6, 2, true, g));
    }

    private static DataLoader<Tensor[]> loader() { return DataLoader.builder(data()).batchSize(8).shuffle(3).build(); }

    private static Map<String, float[]> weights(Sequential m) {
        Map<String, float[]> w = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> w.put(k, v.toFloatArray()));
        return w;
    }

    @Test
    void resumingFromSavedStateMatchesTheUninterruptedRunExactly() {
        Sequential straight = model();
        SGD opt = new SGD(straight.parameters(), 0.2);
        History full = Trainer.builder().loss(new CrossEntropyLoss()).optimizer(opt).scheduler(new StepLR(opt, 1, 0.5), false)
                .progress(false).build().fit(straight, loader(), 4);

        // First half: plain SGD holds no buffers; its groups (the scheduled lr), the schedule and the weights are kept in memory by the saver.
        Sequential first = model();
        SGD opt1 = new SGD(first.parameters(), 0.2);
        StepLR sched1 = new StepLR(opt1, 1, 0.5);
        List<Integer> savedAt = new ArrayList<>();
        Map<String, Tensor> savedWeights = new LinkedHashMap<>();
        Map<String, Object>[] savedSchedule = new Map[1];
        History[] savedHistory = new History[1];
        OptimizerState[] savedOptimizer = new OptimizerState[1];
        Trainer.builder().loss(new CrossEntropyLoss()).optimizer(opt1).scheduler(sched1, false).progress(false)
                .checkpoint("unused/epoch-{epoch}", 2, (file, epochs, history) -> {
                    assertEquals(Path.of("unused/epoch-" + epochs), file);
                    savedAt.add(epochs);
                    first.stateDict().forEach((k, v) -> savedWeights.put(k, v.contiguousCopy()));
                    savedSchedule[0] = sched1.stateDict();
                    savedOptimizer[0] = opt1.stateDict();
                    savedHistory[0] = history.copy();
                }).build().fit(first, loader(), 2);
        assertEquals(List.of(2), savedAt);

        Sequential resumed = model();
        resumed.loadStateDict(savedWeights, true);
        SGD opt2 = new SGD(resumed.parameters(), 0.2);
        opt2.loadStateDict(savedOptimizer[0]);
        StepLR sched2 = new StepLR(opt2, 1, 0.5);
        sched2.loadStateDict(savedSchedule[0]);
        History rest = Trainer.builder().loss(new CrossEntropyLoss()).optimizer(opt2).scheduler(sched2, false).progress(false)
                .resume(2, savedHistory[0]).build().fit(resumed, loader(), 4);

        Map<String, float[]> a = weights(straight), b = weights(resumed);
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(a.get(k), b.get(k), 0f, k);
        assertEquals(4, rest.epochs());
        assertArrayEquals(full.values("loss"), rest.values("loss"), 0.0);
    }

    @Test
    void setEpochPicksTheShuffleOrderOfThatEpoch() {
        DataLoader<Tensor[]> ran = loader(), fresh = loader();
        ran.iterator();
        ran.iterator();
        fresh.setEpoch(2);
        assertEquals(2, fresh.epoch());
        assertArrayEquals(ran.iterator().next().inputs().toFloatArray(), fresh.iterator().next().inputs().toFloatArray(), 0f);
        assertThrows(IllegalArgumentException.class, () -> fresh.setEpoch(-1));
    }
}
