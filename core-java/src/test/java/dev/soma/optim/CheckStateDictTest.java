package dev.soma.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.nn.Linear;
import dev.soma.nn.Module;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** checkStateDict refuses what loadStateDict would refuse, and changes nothing either way. */
class CheckStateDictTest {
    private static Tensor param(float... v) { return Tensor.of(v).requiresGrad(true); }

    @Test
    void moduleCheckReportsLikeLoadButCopiesNothing() {
        Linear target = new Linear(2, 3, true, new Generator(1));
        float[] before = target.weight.toFloatArray();
        Map<String, Tensor> good = new Linear(2, 3, true, new Generator(2)).stateDict();
        Module.LoadResult r = target.checkStateDict(good, true);
        assertEquals(List.of(), r.missingKeys());
        assertArrayEquals(before, target.weight.toFloatArray(), "a passing check copies nothing");

        Map<String, Tensor> partial = new LinkedHashMap<>(good);
        partial.remove("bias");
        assertEquals(List.of("bias"), target.checkStateDict(partial, false).missingKeys());
        var e = assertThrows(IllegalArgumentException.class, () -> target.checkStateDict(new Linear(2, 4).stateDict(), true));
        assertTrue(e.getMessage().contains("size mismatch for weight: copying a param with shape [4, 2], the shape in current model is [3, 2]"),
                e.getMessage());
        assertArrayEquals(before, target.weight.toFloatArray());
        target.loadStateDict(good, true);
        assertArrayEquals(good.get("weight").toFloatArray(), target.weight.toFloatArray(), "load still copies");
    }

    @Test
    void optimizerCheckRefusesOptionsOfAnotherKindAndChangesNothing() {
        Tensor p = param(1f, 2f);
        Adam adam = new Adam(List.of(p), 0.1);
        p.setGrad(Tensor.of(0.5f, -0.5f));
        adam.step();
        OptimizerState good = adam.stateDict();

        Map<String, Object> boolLr = new LinkedHashMap<>(good.paramGroups().get(0));
        boolLr.put("lr", true);
        var e = assertThrows(IllegalArgumentException.class, () -> adam.checkStateDict(new OptimizerState(good.state(), List.of(boolLr))));
        assertEquals("loaded parameter group 0 has option 'lr' = true, where this optimizer's group holds 0.1", e.getMessage());

        Map<String, Object> threeBetas = new LinkedHashMap<>(good.paramGroups().get(0));
        threeBetas.put("betas", new double[] {0.9, 0.99, 0.999});
        assertThrows(IllegalArgumentException.class, () -> adam.checkStateDict(new OptimizerState(good.state(), List.of(threeBetas))));

        Map<String, Object> stringStep = new LinkedHashMap<>(good.state().get(0));
        stringStep.put("step", "one");
        e = assertThrows(IllegalArgumentException.class, () -> adam.checkStateDict(new OptimizerState(Map.of(0, stringStep), good.paramGroups())));
        assertTrue(e.getMessage().contains("'step' = one, expected a tensor or a number"), e.getMessage());

        Map<String, Object> lowerLr = new LinkedHashMap<>(good.paramGroups().get(0));
        lowerLr.put("lr", 0.01);
        adam.checkStateDict(new OptimizerState(good.state(), List.of(lowerLr)));
        assertEquals(0.1, adam.paramGroups().get(0).lr(), "a passing check changes no option");
        adam.loadStateDict(new OptimizerState(good.state(), List.of(lowerLr)));
        assertEquals(0.01, adam.paramGroups().get(0).lr());
    }
}
