package dev.soma.optim.lr;

import dev.soma.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds schedulers by their torch class name from keyword arguments under PyTorch's names (absent = PyTorch's
 * default): for configs, checkpoints and the DSL. LambdaLR takes code, so it is built directly, not here.
 */
public final class SchedulerFactory {
    private SchedulerFactory() {}

    private static final Set<String> NAMES = Set.of("StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR",
            "CosineAnnealingWarmRestarts", "OneCycleLR", "LinearLR", "ConstantLR", "PolynomialLR", "SequentialLR",
            "ReduceLROnPlateau");

    /** The names {@link #create} accepts. */
    public static Set<String> names() { return NAMES; }

    /** A scheduler of class {@code name} on {@code optimizer}; SequentialLR's "schedulers" is a list of {op, attrs} maps. */
    @SuppressWarnings("unchecked")
    public static Scheduler create(String name, Optimizer optimizer, Map<String, Object> a) {
        Args args = new Args(name, a);
        Scheduler s = switch (name) {
            case "StepLR" -> new StepLR(optimizer, args.integer("step_size", null), args.number("gamma", StepLR.DEFAULT_GAMMA));
            case "MultiStepLR" -> new MultiStepLR(optimizer, args.ints("milestones"), args.number("gamma", MultiStepLR.DEFAULT_GAMMA));
            case "ExponentialLR" -> new ExponentialLR(optimizer, args.number("gamma", null));
            case "CosineAnnealingLR" -> new CosineAnnealingLR(optimizer, args.integer("T_max", null),
                    args.number("eta_min", CosineAnnealingLR.DEFAULT_ETA_MIN));
            case "CosineAnnealingWarmRestarts" -> new CosineAnnealingWarmRestarts(optimizer, args.integer("T_0", null),
                    args.integer("T_mult", CosineAnnealingWarmRestarts.DEFAULT_T_MULT),
                    args.number("eta_min", CosineAnnealingWarmRestarts.DEFAULT_ETA_MIN));
            case "LinearLR" -> new LinearLR(optimizer, args.number("start_factor", LinearLR.DEFAULT_START_FACTOR),
                    args.number("end_factor", LinearLR.DEFAULT_END_FACTOR), args.integer("total_iters", LinearLR.DEFAULT_TOTAL_ITERS));
            case "ConstantLR" -> new ConstantLR(optimizer, args.number("factor", ConstantLR.DEFAULT_FACTOR),
                    args.integer("total_iters", ConstantLR.DEFAULT_TOTAL_ITERS));
            case "PolynomialLR" -> new PolynomialLR(optimizer, args.integer("total_iters", PolynomialLR.DEFAULT_TOTAL_ITERS),
                    args.number("power", PolynomialLR.DEFAULT_POWER));
            case "OneCycleLR" -> {
                OneCycleLR.Options o = new OneCycleLR.Options();
                o.totalSteps = args.integer("total_steps", -1);
                o.epochs = args.integer("epochs", -1);
                o.stepsPerEpoch = args.integer("steps_per_epoch", -1);
                o.pctStart = args.number("pct_start", o.pctStart);
                o.annealStrategy = args.string("anneal_strategy", o.annealStrategy);
                o.cycleMomentum = args.bool("cycle_momentum", o.cycleMomentum);
                o.baseMomentum = args.number("base_momentum", o.baseMomentum);
                o.maxMomentum = args.number("max_momentum", o.maxMomentum);
                o.divFactor = args.number("div_factor", o.divFactor);
                o.finalDivFactor = args.number("final_div_factor", o.finalDivFactor);
                o.threePhase = args.bool("three_phase", o.threePhase);
                yield new OneCycleLR(optimizer, args.number("max_lr", null), o);
            }
            case "ReduceLROnPlateau" -> {
                ReduceLROnPlateau.Options o = new ReduceLROnPlateau.Options();
                o.mode = args.string("mode", o.mode);
                o.factor = args.number("factor", o.factor);
                o.patience = args.integer("patience", o.patience);
                o.threshold = args.number("threshold", o.threshold);
                o.thresholdMode = args.string("threshold_mode", o.thresholdMode);
                o.cooldown = args.integer("cooldown", o.cooldown);
                o.minLr = args.number("min_lr", o.minLr);
                o.eps = args.number("eps", o.eps);
                yield new ReduceLROnPlateau(optimizer, o);
            }
            case "SequentialLR" -> {
                List<LRScheduler> parts = new ArrayList<>();
                for (Object spec : (List<Object>) args.need("schedulers")) {
                    if (!(spec instanceof Map<?, ?> m) || !(m.get("op") instanceof String op))
                        throw new IllegalArgumentException("SequentialLR: each scheduler must be a map with 'op' and 'attrs', got " + spec);
                    Object inner = m.get("attrs");
                    Scheduler part = create(op, optimizer, inner == null ? Map.of() : (Map<String, Object>) inner);
                    if (!(part instanceof LRScheduler lrs))
                        throw new IllegalArgumentException("SequentialLR: " + op + " cannot be chained (it is stepped with a metric)");
                    parts.add(lrs);
                }
                yield new SequentialLR(optimizer, parts, args.ints("milestones"));
            }
            default -> throw new IllegalArgumentException("unknown scheduler '" + name + "'; known: " + new java.util.TreeSet<>(NAMES));
        };
        args.rejectUnused();
        return s;
    }

    /** Typed reads of the keyword map, remembering which keys were used so that unknown ones are reported. */
    private static final class Args {
        private final String scheduler;
        private final Map<String, Object> map;
        private final java.util.Set<String> used = new java.util.HashSet<>();

        Args(String scheduler, Map<String, Object> map) {
            this.scheduler = scheduler;
            this.map = map;
        }

        Object need(String key) {
            used.add(key);
            Object v = map.get(key);
            if (v == null) throw new IllegalArgumentException(scheduler + ": missing required argument '" + key + "'");
            return v;
        }

        private Object get(String key) {
            used.add(key);
            return map.get(key);
        }

        double number(String key, Double dflt) {
            Object v = dflt == null ? need(key) : get(key);
            if (v == null) return dflt;
            if (v instanceof Number n) return n.doubleValue();
            throw new IllegalArgumentException(scheduler + ": argument '" + key + "' must be a number, got " + v);
        }

        int integer(String key, Integer dflt) {
            Object v = dflt == null ? need(key) : get(key);
            if (v == null) return dflt;
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.intValue();
            throw new IllegalArgumentException(scheduler + ": argument '" + key + "' must be an integer, got " + v);
        }

        boolean bool(String key, boolean dflt) {
            Object v = get(key);
            if (v == null) return dflt;
            if (v instanceof Boolean b) return b;
            throw new IllegalArgumentException(scheduler + ": argument '" + key + "' must be a boolean, got " + v);
        }

        String string(String key, String dflt) {
            Object v = get(key);
            if (v == null) return dflt;
            if (v instanceof String s) return s;
            throw new IllegalArgumentException(scheduler + ": argument '" + key + "' must be a string, got " + v);
        }

        int[] ints(String key) {
            Object v = need(key);
            if (v instanceof int[] a) return a.clone();
            if (v instanceof List<?> l) {
                int[] out = new int[l.size()];
                for (int i = 0; i < out.length; i++) {
                    if (!(l.get(i) instanceof Number n)) throw new IllegalArgumentException(scheduler + ": '" + key + "' must list integers, got " + l);
                    out[i] = n.intValue();
                }
                return out;
            }
            throw new IllegalArgumentException(scheduler + ": argument '" + key + "' must be a list of integers, got " + v);
        }

        void rejectUnused() {
            for (String k : map.keySet())
                if (!used.contains(k)) throw new IllegalArgumentException(scheduler + ": unexpected argument '" + k + "'");
        }
    }
}
