package dev.soma.optim.lr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.optim.Adam;
import dev.soma.optim.Optimizer;
import dev.soma.optim.SGD;
import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private static SGD sgd(double lr) { return new SGD(List.of(Tensor.zeros(2).requiresGrad(true)), lr); }

    private static SGD sgdMomentum(double lr) { return new SGD(List.of(Tensor.zeros(2).requiresGrad(true)), lr, 0.9); }

    /** The lr after construction and after each of {@code steps} steps. */
    private static double[] trace(Optimizer opt, LRScheduler s, int steps) {
        double[] out = new double[steps + 1];
        out[0] = opt.paramGroups().get(0).lr();
        for (int i = 1; i <= steps; i++) {
            s.step();
            out[i] = opt.paramGroups().get(0).lr();
        }
        return out;
    }

    @Test
    void stepAndMultiStep() {
        SGD o = sgd(1.0);
        assertArrayEquals(new double[] {1, 1, 0.5, 0.5, 0.25, 0.25}, trace(o, new StepLR(o, 2, 0.5), 5), 1e-12);
        SGD m = sgd(1.0);
        // milestone 2 once (×0.1), milestone 3 twice (×0.1²)
        assertArrayEquals(new double[] {1, 1, 0.1, 0.001, 0.001, 0.001}, trace(m, new MultiStepLR(m, new int[] {3, 2, 3}), 5), 1e-12);
    }

    @Test
    void exponentialAndPolynomial() {
        SGD o = sgd(2.0);
        assertArrayEquals(new double[] {2, 1, 0.5, 0.25}, trace(o, new ExponentialLR(o, 0.5), 3), 1e-12);
        SGD p = sgd(1.0);
        assertArrayEquals(new double[] {1, 0.75, 0.5, 0.25, 0, 0}, trace(p, new PolynomialLR(p, 4, 1.0), 5), 1e-12);
    }

    @Test
    void cosineAnnealingFollowsTheClosedFormWithinItsPeriodAndWavesBeyond() {
        SGD o = sgd(1.0);
        double[] lr = trace(o, new CosineAnnealingLR(o, 4, 0.1), 8);
        for (int t = 0; t <= 4; t++) assertEquals(0.1 + 0.9 * (1 + Math.cos(Math.PI * t / 4)) / 2, lr[t], 1e-12, "epoch " + t);
        assertEquals(lr[3], lr[5], 1e-12, "past T_max the lr rises again symmetrically");
        assertEquals(1.0, lr[8], 1e-12);
    }

    @Test
    void warmRestartsRestartAtTheBaseLr() {
        SGD o = sgd(1.0);
        double[] lr = trace(o, new CosineAnnealingWarmRestarts(o, 2, 2, 0.0), 7);
        assertArrayEquals(new double[] {1, 0.5, 1, 1 + (Math.cos(Math.PI / 4) - 1) / 2, 0.5, (1 + Math.cos(3 * Math.PI / 4)) / 2, 1,
                (1 + Math.cos(Math.PI / 8)) / 2}, lr, 1e-12);
    }

    @Test
    void linearWarmUpAndConstant() {
        SGD o = sgd(1.0);
        assertArrayEquals(new double[] {0.25, 0.5, 0.75, 1, 1}, trace(o, new LinearLR(o, 0.25, 1.0, 3), 4), 1e-12);
        SGD c = sgd(1.0);
        assertArrayEquals(new double[] {0.5, 0.5, 1, 1}, trace(c, new ConstantLR(c, 0.5, 2), 3), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new LinearLR(sgd(1), 0, 1, 3));
    }

    @Test
    void lambdaScalesTheBaseLr() {
        SGD o = sgd(0.5);
        assertArrayEquals(new double[] {0.5, 0.25, 0.5 / 3}, trace(o, new LambdaLR(o, e -> 1.0 / (e + 1)), 2), 1e-12);
    }

    @Test
    void oneCycleRisesThenAnnealsAndCyclesMomentum() {
        SGD o = sgdMomentum(0.1);
        OneCycleLR.Options opt = new OneCycleLR.Options();
        opt.totalSteps = 10;
        opt.annealStrategy = "linear";
        OneCycleLR s = new OneCycleLR(o, 1.0, opt);
        double[] lr = trace(o, s, 2);
        assertEquals(0.85, o.paramGroups().get(0).getDouble("momentum"), 1e-12, "momentum at base_momentum at the lr peak");
        lr = java.util.Arrays.copyOf(lr, 10);
        for (int i = 3; i <= 9; i++) {
            s.step();
            lr[i] = o.paramGroups().get(0).lr();
        }
        assertEquals(1.0 / 25, lr[0], 1e-12);
        assertEquals(1.0, lr[2], 1e-12, "the peak sits at pct_start·total − 1 = 2");
        assertEquals(1.0 / 25 / 1e4, lr[9], 1e-15, "ends at initial/final_div_factor");
        assertEquals(0.95, o.paramGroups().get(0).getDouble("momentum"), 1e-12, "momentum back at max_momentum at the end");
        assertThrows(IllegalStateException.class, () -> { s.step(); s.step(); });

        Adam adam = new Adam(List.of(Tensor.zeros(1).requiresGrad(true)), 1e-3);
        new OneCycleLR(adam, 0.01, 10);
        assertEquals(0.95, adam.paramGroups().get(0).getDoubles("betas")[0], 1e-12, "Adam's beta1 plays the momentum");
        var e = assertThrows(IllegalArgumentException.class, () -> new OneCycleLR(sgd(0.1), 1.0, new OneCycleLR.Options()));
        assertTrue(e.getMessage().contains("total_steps"), e.getMessage());
    }

    @Test
    void sequentialSwitchesAtMilestonesAndRestartsTheNextScheduler() {
        SGD o = sgd(1.0);
        LinearLR warm = new LinearLR(o, 0.5, 1.0, 2);
        ExponentialLR decay = new ExponentialLR(o, 0.5);
        SequentialLR s = new SequentialLR(o, List.of(warm, decay), new int[] {2});
        assertArrayEquals(new double[] {0.5, 0.75, 1, 0.5, 0.25}, trace(o, s, 4), 1e-12);
        s.step(1);
        assertEquals(0.75, o.paramGroups().get(0).lr(), 1e-12, "epoch 1: the warm-up's closed form");
        s.step(4);
        assertEquals(0.25, o.paramGroups().get(0).lr(), 1e-12, "epoch 4: the decay, two epochs after its milestone");
        assertEquals(4, s.lastEpoch());
    }

    @Test
    void plateauCutsAfterPatienceAndRespectsCooldownAndMinLr() {
        SGD o = sgd(1.0);
        ReduceLROnPlateau.Options opt = new ReduceLROnPlateau.Options();
        opt.patience = 1;
        opt.factor = 0.5;
        opt.cooldown = 1;
        opt.minLr = 0.2;
        ReduceLROnPlateau s = new ReduceLROnPlateau(o, opt);
        double[] metrics = {5, 4, 4, 4, 4, 4, 4, 4, 4, 4};
        double[] expected = {1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.2};
        for (int i = 0; i < metrics.length; i++) {
            s.step(metrics[i]);
            assertEquals(expected[i], o.paramGroups().get(0).lr(), 1e-12, "after metric " + i);
        }
    }

    @Test
    void stateDictResumesExactly() {
        Function<SGD, LRScheduler> make = o -> new CosineAnnealingWarmRestarts(o, 3, 2, 0.01);
        SGD a = sgd(1.0);
        LRScheduler sa = make.apply(a);
        for (int i = 0; i < 5; i++) sa.step();
        Map<String, Object> state = sa.stateDict();
        double lr = a.paramGroups().get(0).lr();

        SGD b = sgd(1.0);
        LRScheduler sb = make.apply(b);
        sb.loadStateDict(state);
        b.paramGroups().get(0).setLr(lr);
        for (int i = 0; i < 6; i++) {
            sa.step();
            sb.step();
            assertEquals(a.paramGroups().get(0).lr(), b.paramGroups().get(0).lr(), 0.0);
        }
    }

    @Test
    void factoryBuildsByTorchNameAndRejectsUnknownArguments() {
        SGD o = sgd(0.1);
        Scheduler s = SchedulerFactory.create("StepLR", o, Map.of("step_size", 1, "gamma", 0.5));
        ((LRScheduler) s).step();
        assertEquals(0.05, o.paramGroups().get(0).lr(), 1e-12);
        var e = assertThrows(IllegalArgumentException.class, () -> SchedulerFactory.create("StepLR", sgd(0.1), Map.of("stepsize", 1)));
        assertTrue(e.getMessage().contains("step_size"), e.getMessage());
        var u = assertThrows(IllegalArgumentException.class,
                () -> SchedulerFactory.create("StepLR", sgd(0.1), Map.of("step_size", 1, "gama", 0.5)));
        assertTrue(u.getMessage().contains("gama"), u.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SchedulerFactory.create("NoSuchLR", sgd(0.1), Map.of()));
    }
}
