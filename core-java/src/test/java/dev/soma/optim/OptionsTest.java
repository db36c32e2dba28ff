package dev.soma.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.optim.lr.StepLR;
import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each optimizer's defaults live in its Options record; the constructors and the factory agree with it. */
class OptionsTest {
    private static List<Tensor> params() { return List.of(Tensor.of(1f).requiresGrad(true)); }

    private static void assertSameOptions(Map<String, Object> expected, Map<String, Object> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) {
            if (expected.get(k) instanceof double[] d) assertArrayEquals(d, (double[]) actual.get(k), k);
            else assertEquals(expected.get(k), actual.get(k), k);
        }
    }

    @Test
    void pytorchDefaultsByHand() {
        Map<String, Object> adam = Adam.DEFAULTS.toMap();
        assertEquals(List.of("lr", "betas", "eps", "weight_decay", "amsgrad", "maximize"), List.copyOf(adam.keySet()));
        assertEquals(1e-3, adam.get("lr"));
        assertArrayEquals(new double[] {0.9, 0.999}, (double[]) adam.get("betas"));
        assertEquals(1e-8, adam.get("eps"));
        assertEquals(0.01, AdamW.DEFAULTS.weightDecay());
        assertEquals(1e-10, Adagrad.DEFAULTS.eps());
        assertEquals(0.99, RMSprop.DEFAULTS.alpha());
        assertEquals(4e-3, NAdam.DEFAULTS.momentumDecay());
        assertEquals(1.0, Adadelta.DEFAULTS.lr());
        assertEquals(0.99, Lion.DEFAULTS.beta2());
        assertEquals(0.1, StepLR.DEFAULT_GAMMA);
    }

    @Test
    void constructorsAndFactoryReadTheRecord() {
        assertSameOptions(Adam.DEFAULTS.toMap(), new Adam(params()).defaults());
        assertSameOptions(AdamW.DEFAULTS.withLr(0.5).toMap(), new AdamW(params(), 0.5).defaults());
        assertSameOptions(new SGD.Options(0.1, 0.9, 0, 0, false, false).toMap(), new SGD(params(), 0.1, 0.9).defaults());
        assertSameOptions(Lion.DEFAULTS.toMap(), new Lion(params()).defaults());
        assertSameOptions(Adam.DEFAULTS.toMap(), OptimizerFactory.defaults("Adam"));
        assertSameOptions(RMSprop.DEFAULTS.toMap(), OptimizerFactory.defaults("RMSprop"));
        Optimizer made = OptimizerFactory.create("NAdam", List.of(new ParamGroup(params())), Map.of("lr", 0.25));
        assertSameOptions(NAdam.DEFAULTS.withLr(0.25).toMap(), made.defaults());
    }
}
