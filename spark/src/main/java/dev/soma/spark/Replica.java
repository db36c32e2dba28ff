package dev.soma.spark;

import dev.soma.nn.Loss;
import dev.soma.nn.Module;
import dev.soma.nn.ModuleFactory;
import dev.soma.serialization.ConfigJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A worker's copy of the model and the loss, rebuilt from their configs once per training run and executor and
 * reused for every step: each step overwrites all its weights, so no state of an earlier step (or of a failed
 * attempt) survives into the next. Executors keep the few most recent replicas.
 */
final class Replica {
    private static final int KEPT = 8;
    private static final Map<String, Replica> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, Replica> eldest) { return size() > KEPT; }
    };

    final Module model;
    final Loss loss;
    final FlatState state;

    private Replica(String modelJson, String lossJson) {
        model = ModuleFactory.build(ConfigJson.fromJson(modelJson));
        Module l = ModuleFactory.build(ConfigJson.fromJson(lossJson));
        if (!(l instanceof Loss)) throw new IllegalArgumentException("SparkTrainer: the loss config builds a " + l.typeName() + ", not a Loss");
        loss = (Loss) l;
        state = new FlatState(model);
    }

    /** The replica of run {@code run} for {@code worker} on this executor, built on first use. */
    static Replica of(String run, int worker, String modelJson, String lossJson) {
        String key = run + "/" + worker;
        synchronized (CACHE) {
            Replica r = CACHE.get(key);
            if (r == null) CACHE.put(key, r = new Replica(modelJson, lossJson));
            return r;
        }
    }
}
