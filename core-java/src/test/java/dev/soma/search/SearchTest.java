package dev.soma.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchTest {
    @Test
    void gridEnumeratesTheProductInAStableOrder() {
        SearchSpace s = new SearchSpace().choice("opt", "sgd", "adam").intRange("layers", 1, 2).logUniform("lr", 1e-3, 1e-1, 3);
        List<Map<String, Object>> grid = s.grid();
        assertEquals(12, grid.size());
        assertEquals(Map.of("opt", "sgd", "layers", 1, "lr", 1e-3), grid.get(0));
        assertEquals(0.01, (double) grid.get(1).get("lr"), 1e-12, "log-spaced: the middle of 1e-3 and 1e-1 is 1e-2");
        assertEquals(Map.of("opt", "adam", "layers", 2, "lr", 0.1), grid.get(11));
        Search.Results r = Search.grid(s, t -> -Math.abs(Math.log10(t.getDouble("lr")) + 2) + t.getInt("layers")
                + (t.get("opt").equals("adam") ? 0.5 : 0), true, null);
        assertEquals("adam", r.best().config().get("opt"));
        assertEquals(2, r.best().config().get("layers"));
        assertEquals(0.01, (double) r.best().config().get("lr"), 1e-12);
        for (int i = 1; i < r.trials().size(); i++) assertTrue(r.trials().get(i - 1).score() >= r.trials().get(i).score());
    }

    @Test
    void randomSearchIsSeededAndStaysInBounds() {
        SearchSpace s = new SearchSpace().logUniform("lr", 1e-5, 1e-1, 1).uniform("dropout", 0, 0.5, 1).intRange("width", 8, 64);
        Search.Results a = Search.random(s, 200, 42, t -> t.getDouble("dropout"), false, null);
        Search.Results b = Search.random(s, 200, 42, t -> t.getDouble("dropout"), false, null);
        assertEquals(a, b, "same seed, same trials");
        int lowDecades = 0;
        for (Search.Result r : a.trials()) {
            double lr = (double) r.config().get("lr");
            assertTrue(lr >= 1e-5 && lr <= 1e-1);
            if (lr < 1e-3) lowDecades++;
            int w = (int) r.config().get("width");
            assertTrue(w >= 8 && w <= 64);
        }
        assertTrue(lowDecades > 70 && lowDecades < 130, "log-uniform: half the draws in the lower two of four decades, got " + lowDecades);
        assertEquals(a.trials().get(0).score(), a.best().score());
        assertTrue(a.best().score() <= a.trials().get(199).score(), "minimising: smallest first");
    }

    @Test
    void aTrialWorseThanTheMedianIsAbandoned() {
        SearchSpace s = new SearchSpace().choice("quality", 1.0, 0.9, 0.8, 0.1);
        int[] stepsRun = new int[4];
        Search.Results r = Search.grid(s, t -> {
            double q = t.getDouble("quality");
            double score = 0;
            for (int step = 0; step < 5; step++) {
                score = q * (step + 1);
                stepsRun[t.number()]++;
                t.report(step, score);
            }
            return score;
        }, true, new Pruner(true, 2, 1));
        assertTrue(r.trials().get(3).pruned(), "the 0.1 trial is pruned");
        assertEquals(2, stepsRun[3], "stopped at the first step after the warm-up");
        assertEquals(1.0, r.best().config().get("quality"));
        assertThrows(IllegalArgumentException.class, () -> new SearchSpace().logUniform("lr", 0, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new SearchSpace().choice("a", 1).choice("a", 2));
    }
}
