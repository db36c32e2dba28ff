package dev.soma.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchTest {
    @Test
    void gridIsTheProductInDeclarationOrder() {
        SearchSpace s = new SearchSpace().choice("act", "relu", "tanh").intRange("layers", 1, 3).choice("bias", true, false);
        List<Map<String, Object>> c = new GridSearch(s).configs();
        assertEquals(2 * 3 * 2, c.size());
        assertEquals(Map.of("act", "relu", "layers", 1, "bias", true), c.get(0));
        assertEquals(Map.of("act", "relu", "layers", 1, "bias", false), c.get(1));
        assertEquals(Map.of("act", "relu", "layers", 2, "bias", true), c.get(2));
        assertEquals(Map.of("act", "tanh", "layers", 1, "bias", true), c.get(6));
        assertEquals(Map.of("act", "tanh", "layers", 3, "bias", false), c.get(11));
        assertEquals(List.of("act", "layers", "bias"), new ArrayList<>(c.get(5).keySet()));
        assertEquals(12, c.stream().distinct().count());
        assertEquals(c, new GridSearch(s).configs());
    }

    @Test
    void continuousDimensionsNeedPoints() {
        SearchSpace s = new SearchSpace().uniform("dropout", 0.0, 0.5).logUniform("lr", 1e-4, 1e-1).choice("h", 8, 16);
        assertThrows(IllegalArgumentException.class, () -> new GridSearch(s).configs());
        List<Map<String, Object>> c = new GridSearch(s).points(3).configs();
        assertEquals(3 * 3 * 2, c.size());
        assertEquals(List.of(0.0, 0.25, 0.5), c.stream().map(m -> m.get("dropout")).distinct().toList());
        List<Object> lrs = c.stream().map(m -> m.get("lr")).distinct().toList();
        assertEquals(1e-4, (double) lrs.get(0));
        assertEquals(Math.sqrt(1e-4 * 1e-1), (double) lrs.get(1), 1e-12);
        assertEquals(1e-1, (double) lrs.get(2));
        assertEquals(List.of(0.25), new SearchSpace().uniform("d", 0, 0.5).grid(1).stream().map(m -> m.get("d")).toList());
        assertEquals(List.of(Map.of()), new SearchSpace().grid(0));
    }

    @Test
    void gridFindsTheBestAndSortsAllTrials() {
        SearchSpace s = new SearchSpace().intRange("x", -3, 3).choice("y", 0.0, 1.0);
        SearchResult max = new GridSearch(s).maximize(t -> -Math.pow(t.getInt("x") - 1, 2) + t.getDouble("y"));
        assertEquals(14, max.trials().size());
        assertEquals(Map.of("x", 1, "y", 1.0), max.best().config());
        assertEquals(1.0, max.best().score());
        for (int i = 1; i < max.trials().size(); i++) assertTrue(max.trials().get(i - 1).score() >= max.trials().get(i).score());
        SearchResult min = new GridSearch(s).minimize(t -> Math.abs(t.getInt("x") + 2) + t.getDouble("y"));
        assertEquals(Map.of("x", -2, "y", 0.0), min.best().config());
        assertEquals(0.0, min.best().score());
        assertEquals(Trial.State.COMPLETE, min.best().state());
        assertTrue(min.toString().contains("rank") && min.toString().contains("x=-2"), min.toString());
    }

    @Test
    void randomSearchIsSeededAndWithinBounds() {
        SearchSpace s = new SearchSpace().uniform("u", -1, 2).intRange("n", 3, 5).logUniform("lr", 1e-5, 1e-1).choice("c", "a", "b", "c");
        List<Map<String, Object>> a = new RandomSearch(s, 2000, 42).configs(), b = new RandomSearch(s, 2000, 42).configs();
        assertEquals(a, b);
        assertNotEquals(a, new RandomSearch(s, 2000, 43).configs());
        int[] nCount = new int[3], logBins = new int[4];
        double uMin = 9, uMax = -9;
        for (Map<String, Object> c : a) {
            double u = (double) c.get("u"), lr = (double) c.get("lr");
            int n = (int) c.get("n");
            assertTrue(u >= -1 && u < 2 && lr >= 1e-5 && lr <= 1e-1 && n >= 3 && n <= 5, c.toString());
            assertTrue(List.of("a", "b", "c").contains(c.get("c")));
            uMin = Math.min(uMin, u);
            uMax = Math.max(uMax, u);
            nCount[n - 3]++;
            logBins[Math.min((int) (Math.log10(lr) + 5), 3)]++;                   // one bin per decade
        }
        assertTrue(uMin < -0.9 && uMax > 1.9, uMin + " " + uMax);
        for (int k : nCount) assertTrue(k > 500, "each int is drawn about a third of the time: " + java.util.Arrays.toString(nCount));
        for (int k : logBins) assertTrue(k > 400 && k < 600, "each decade gets about a quarter: " + java.util.Arrays.toString(logBins));
        SearchResult r = new RandomSearch(s, 30, 7).minimize(t -> Math.abs(Math.log10(t.getDouble("lr")) + 3));
        for (Trial t : r.trials()) assertTrue(r.best().score() <= t.score());
        assertEquals(30, r.trials().size());
    }

    @Test
    void medianPrunerAbandonsAClearlyBadTrial() {
        SearchSpace s = new SearchSpace().choice("quality", 1.0, 0.9, 1.1, 0.05, 1.05);
        List<Integer> stepsRun = new ArrayList<>();
        SearchResult r = new GridSearch(s).pruner(new MedianPruner(2, 1)).maximize(t -> {
            double q = t.getDouble("quality"), acc = 0;
            for (int epoch = 0; epoch < 5; epoch++) {
                acc = q * (epoch + 1) / 5;
                stepsRun.add(t.number());
                t.report(epoch, acc);
            }
            return acc;
        });
        assertEquals(1, r.prunedCount());
        Trial bad = r.trials().get(r.trials().size() - 1);
        assertEquals(Trial.State.PRUNED, bad.state());
        assertEquals(0.05, bad.config().get("quality"));
        assertEquals(2, bad.reports().size(), "stopped at step 1, after the warm-up step 0");
        assertEquals(2, stepsRun.stream().filter(n -> n == 3).count());
        assertEquals(0.05 * 2 / 5, bad.score(), 1e-12);
        assertEquals(1.1, r.best().config().get("quality"));
        assertEquals(Trial.State.COMPLETE, r.trials().get(3).state());
    }

    @Test
    void misuseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SearchSpace().choice("a", 1).choice("a", 2));
        assertThrows(IllegalArgumentException.class, () -> new SearchSpace().choice("a"));
        assertThrows(IllegalArgumentException.class, () -> new SearchSpace().uniform("u", 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new SearchSpace().logUniform("lr", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SearchSpace().intRange("n", 5, 4));
        assertThrows(IllegalArgumentException.class, () -> new RandomSearch(new SearchSpace(), -1, 0));
        SearchSpace s = new SearchSpace().choice("h", 8, 16);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GridSearch(s).maximize(t -> t.getDouble("lr")));
        assertTrue(e.getMessage().contains("'lr'") && e.getMessage().contains("[h]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GridSearch(s).maximize(t -> {
            t.report(0, 1);
            t.report(0, 2);
            return 0;
        }));
        assertThrows(IllegalStateException.class, () -> new GridSearch(s).pruner((t, st, v, e2, d) -> true).maximize(t -> {
            t.report(0, 1);
            return 0;
        }).best());
    }
}
