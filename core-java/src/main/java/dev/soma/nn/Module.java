package dev.soma.nn;

import dev.soma.autograd.GradMode;
import dev.soma.tensor.Shape;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The base of every layer (torch.nn.Module): named parameters, buffers and child modules registered in
 * order. One walk over that registry gives {@link #namedParameters}, {@link #stateDict}, {@link #train},
 * {@link #toString} and the rest, with PyTorch's dotted names ({@code 0.weight}, {@code conv1.bias}).
 *
 * <p>Inputs. A layer declares its inputs by name with {@link #inputNames} (default: one, {@code input}) and how many
 * are required with {@link #requiredInputs}; the others are optional, passed as null or left off the end.
 * {@link #forward(Tensor...)} is the entry point for any number of inputs and {@link #outputShape(int[]...)} /
 * {@link #macs(int[]...)} the matching shape rules (null for an absent optional input). A single-input layer
 * overrides only {@link #forward(Tensor)}, {@link #outputShape(int[])} and {@link #macs(int[])}: the several-input
 * methods delegate to them. A layer with several inputs (Bilinear; attention's query, key, value, key_padding_mask,
 * attn_mask) overrides {@link #inputNames} and the several-input methods, each starting with {@link #checkInputs} or
 * {@link #checkInputShapes}; its one-input methods then pass a lone input on. Any wrong number of inputs raises
 * IllegalArgumentException naming the layer and the inputs it takes. Sequential chains stay single-input.
 *
 * <p>Outputs. A layer with several outputs (an LSTM's output, h_n and c_n) names them with {@link #outputNames} and
 * returns them all from {@link #forwardOutputs}; {@link #forward} gives the first.
 */
public abstract class Module {
    // Registration order is the order of state_dict keys; a null value stands for an absent optional weight.
    private final LinkedHashMap<String, Parameter> parameters = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final Set<String> nonPersistent = new java.util.HashSet<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** The layer's type name as PyTorch prints it, e.g. {@code Linear}. */
    public String typeName() { return getClass().getSimpleName(); }

    // ---------------------------------------------------------------- forward and shape rules

    /**
     * The names of {@link #forward(Tensor...)}'s inputs in order, as in PyTorch's forward signature (e.g. query, key,
     * value, key_padding_mask, attn_mask); the default is one input. Arity errors name them.
     */
    public List<String> inputNames() { return List.of("input"); }

    /** How many leading inputs are required; the rest are optional and may be omitted or passed as null. Default: all. */
    public int requiredInputs() { return inputNames().size(); }

    /**
     * Computes the output for one input. Single-input layers override this. For a layer declaring several
     * {@link #inputNames}, the default passes the input on to {@link #forward(Tensor...)} when the others are optional,
     * and otherwise raises IllegalArgumentException naming the layer and the inputs it takes. A layer with several
     * {@link #outputNames} gives the first of {@link #forwardOutputs}.
     */
    public Tensor forward(Tensor input) {
        if (outputNames().size() > 1) return forwardOutputs(input)[0];
        if (inputNames().size() > 1) {
            checkArity(1, "input");
            return forward(new Tensor[] {input});
        }
        throw new IllegalStateException(typeName() + " has no forward: override forward(Tensor), or inputNames() and "
                + "forward(Tensor...) for a layer with several inputs");
    }

    /**
     * Computes the output for several inputs, in {@link #inputNames} order (null for an absent optional input): the
     * entry point of layers with several inputs, which override it and start with {@link #checkInputs}. The default
     * calls {@link #forward(Tensor)} for a single-input layer given one tensor; a wrong number of inputs raises
     * IllegalArgumentException naming the layer and the inputs it takes. (A bare {@code forward(null)} is ambiguous
     * in Java: cast it.)
     */
    public Tensor forward(Tensor... inputs) {
        if (outputNames().size() > 1) return forwardOutputs(inputs)[0];
        checkInputs(inputs);
        if (inputNames().size() == 1) return forward(inputs[0]);
        throw new IllegalStateException(typeName() + " declares inputs " + inputNames() + " but does not override forward(Tensor...)");
    }

    /**
     * The names of the forward's outputs in order, PyTorch's returned tuple flattened (LSTM: output, h_n, c_n;
     * MultiheadAttention: attn_output, attn_weights); the default is one, {@code output}.
     */
    public List<String> outputNames() { return List.of("output"); }

    /**
     * Every output of one forward, in {@link #outputNames} order, null for one not computed (attention weights with
     * need_weights=False). A layer with several outputs overrides this, and {@link #forward(Tensor...)} then returns
     * its first output, so the layer still chains in a Sequential (an LSTM passes on its output sequence); its shape
     * rule is that of the first output. For a one-output layer this is {@code {forward(inputs)}}.
     */
    public Tensor[] forwardOutputs(Tensor... inputs) {
        if (outputNames().size() > 1)
            throw new IllegalStateException(typeName() + " declares outputs " + outputNames() + " but does not override forwardOutputs");
        return new Tensor[] {forward(inputs)};
    }

    /**
     * The shape {@link #forward} returns for an input of {@code inputShape}, without computing anything (the shape
     * rule the summary and shape inference use). The default keeps the shape, right for element-wise layers; a layer
     * that changes the shape overrides it, and a module with sub-modules must (the default refuses to guess).
     * A wrong input shape raises IllegalArgumentException naming the layer, the expected and the given shape.
     * For a layer with several inputs this is the one-shape case of {@link #outputShape(int[]...)}.
     */
    public int[] outputShape(int[] inputShape) {
        if (inputNames().size() > 1) {
            checkArity(1, "input shape");
            return outputShape(new int[][] {inputShape});
        }
        checkShape(inputShape);
        if (!children.isEmpty())
            throw new IllegalStateException(typeName() + " has sub-modules but no shape rule: override outputShape(int[]) and macs(int[])");
        return inputShape.clone();
    }

    /**
     * The shape rule for several inputs, one shape per input in {@link #inputNames} order (null for an absent optional
     * input). Layers with several inputs override it (starting with {@link #checkInputShapes}); the default applies
     * {@link #outputShape(int[])} to a single-input layer's one shape. A wrong number of shapes raises
     * IllegalArgumentException naming the layer and its inputs.
     */
    public int[] outputShape(int[]... inputShapes) {
        checkInputShapes(inputShapes);
        if (inputNames().size() == 1) return outputShape(inputShapes[0]);
        throw new IllegalStateException(typeName() + " takes inputs " + inputNames()
                + " but has no shape rule: override outputShape(int[]...) and macs(int[]...)");
    }

    /**
     * Whether {@link #outputShape(int[])} has a rule for one input shape, so shape inference (the DSL's, the summary's)
     * can go past this layer: true for a layer that overrides it, or keeps the element-wise default with no
     * sub-modules; for a layer with several inputs, true when it overrides {@link #outputShape(int[]...)}. Containers
     * override this to ask their children.
     */
    public boolean hasShapeRule() {
        if (overrides("outputShape", int[].class)) return true;
        if (inputNames().size() > 1) return overrides("outputShape", int[][].class);
        return children.isEmpty();
    }

    // Whether this layer's class (or a superclass below Module) declares the public method name(params).
    private boolean overrides(String name, Class<?>... params) {
        try {
            return getClass().getMethod(name, params).getDeclaringClass() != Module.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("Module declares " + name, e);
        }
    }

    /**
     * Multiply-accumulates of one forward over an input of {@code inputShape} (FLOPs are taken as 2·MACs); the
     * default, 0, is right for element-wise layers, which are not counted. A module with sub-modules must override it.
     * For a layer with several inputs this is the one-shape case of {@link #macs(int[]...)}.
     */
    public long macs(int[] inputShape) {
        if (inputNames().size() > 1) {
            checkArity(1, "input shape");
            return macs(new int[][] {inputShape});
        }
        outputShape(inputShape);
        return 0;
    }

    /**
     * Multiply-accumulates of one forward over inputs of {@code inputShapes} (null for an absent optional input). The
     * default is {@link #macs(int[])} for a single-input layer and, after checking the shapes with
     * {@link #outputShape(int[]...)}, 0 for others; layers with several inputs that multiply override it.
     */
    public long macs(int[]... inputShapes) {
        checkInputShapes(inputShapes);
        if (inputNames().size() == 1) return macs(inputShapes[0]);
        outputShape(inputShapes);
        return 0;
    }

    /**
     * Rejects a wrong number of inputs or a missing required one, naming this layer and its {@link #inputNames}
     * (IllegalArgumentException); a layer overriding {@link #forward(Tensor...)} calls it first.
     */
    protected final void checkInputs(Tensor[] inputs) {
        if (inputs == null) throw new IllegalArgumentException(label() + ": the inputs array must not be null");
        checkArity(inputs.length, inputs.length == 1 ? "input" : "inputs");
        List<String> names = inputNames();
        for (int i = 0; i < requiredInputs(); i++)
            if (inputs[i] == null) throw new IllegalArgumentException(label() + ": input '" + names.get(i) + "' must not be null");
    }

    /**
     * Rejects a wrong number of input shapes, a missing required one or a negative size, naming this layer; a layer
     * overriding {@link #outputShape(int[]...)} calls it first.
     */
    protected final void checkInputShapes(int[][] inputShapes) {
        if (inputShapes == null) throw new IllegalArgumentException(label() + ": the input shapes array must not be null");
        checkArity(inputShapes.length, inputShapes.length == 1 ? "input shape" : "input shapes");
        List<String> names = inputNames();
        for (int i = 0; i < inputShapes.length; i++) {
            if (inputShapes[i] == null && i < requiredInputs())
                throw new IllegalArgumentException(label() + ": the shape of input '" + names.get(i) + "' must not be null");
            if (inputShapes[i] != null) checkShape(inputShapes[i]);
        }
    }

    // "Bilinear(…): takes 2 inputs (input1, input2), got 3 inputs"
    private void checkArity(int given, String what) {
        List<String> names = inputNames();
        int max = names.size(), min = requiredInputs();
        if (given >= min && given <= max) return;
        String takes = min == max ? max + (max == 1 ? " input (" : " inputs (") + String.join(", ", names) + ")"
                : min + " to " + max + " inputs (" + String.join(", ", names.subList(0, min)) + "; optional: "
                        + String.join(", ", names.subList(min, max)) + ")";
        throw new IllegalArgumentException(label() + ": takes " + takes + ", got " + given + " " + what);
    }

    /** Rejects a null shape or a negative size, naming this layer. */
    protected final void checkShape(int[] shape) {
        if (shape == null) throw new IllegalArgumentException(label() + ": input shape must not be null");
        for (int s : shape)
            if (s < 0) throw shapeError("with non-negative sizes", shape);
    }

    /** The error for a wrong input shape: {@code <layer repr>: expected input <expected>, got <shape>}. */
    protected final IllegalArgumentException shapeError(String expected, int[] got) {
        return new IllegalArgumentException(label() + ": expected input " + expected + ", got " + Shape.str(got));
    }

    /** Wraps {@code dim} for an input of {@code shape} (a 0-d input takes −1 and 0), or raises {@link #shapeError}. */
    protected final int shapeDim(int dim, int[] shape) {
        int r = Math.max(shape.length, 1);
        if (dim < -r || dim >= r) throw shapeError("with at least " + (dim >= 0 ? dim + 1 : -dim) + " dims (dim=" + dim + ")", shape);
        return dim < 0 ? dim + r : dim;
    }

    /** The shape rule of a layer mapping the last dim from {@code in} to {@code out} features: (*, in) → (*, out). */
    protected final int[] lastDimRule(int[] inputShape, int in, int out) {
        checkShape(inputShape);
        if (inputShape.length == 0 || inputShape[inputShape.length - 1] != in) throw shapeError("(*, " + in + ")", inputShape);
        int[] shape = inputShape.clone();
        shape[shape.length - 1] = out;
        return shape;
    }

    /** The number of rows a last-dimension layer sees: the product of all sizes but the last (1 for a 1-D shape). */
    protected static long leadingCount(int[] shape) {
        long n = 1;
        for (int i = 0; i < shape.length - 1; i++) n *= shape[i];
        return n;
    }

    // A leaf names itself by its one-line repr, a container by its type.
    String label() { return children.isEmpty() ? toString() : typeName(); }

    /** The architecture without weights, from which {@link ModuleFactory} rebuilds an equal layer. */
    public abstract Config config();

    /** The constructor arguments PyTorch's repr shows between the parentheses, e.g. {@code in_features=3, …}. */
    protected String extraRepr() { return ""; }

    // ---------------------------------------------------------------- registration

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains("."))
            throw new IllegalArgumentException(typeName() + ": attribute name must be non-empty and contain no '.', got '" + name + "'");
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name))
            throw new IllegalArgumentException(typeName() + ": attribute '" + name + "' is already registered");
    }

    /** Registers a learnable weight under {@code name} (null registers an absent optional weight); returns it. */
    protected Parameter registerParameter(String name, Tensor value) {
        checkName(name);
        Parameter p = value == null ? null : value instanceof Parameter q ? q : new Parameter(value);
        parameters.put(name, p);
        return p;
    }

    /** Registers a state tensor saved with the weights but not trained (e.g. running_mean); returns it. */
    protected Tensor registerBuffer(String name, Tensor value) { return registerBuffer(name, value, true); }

    /** Registers a buffer; a non-persistent one is left out of the state dict. */
    protected Tensor registerBuffer(String name, Tensor value, boolean persistent) {
        checkName(name);
        buffers.put(name, value);
        if (!persistent) nonPersistent.add(name);
        return value;
    }

    /** Replaces the value of a registered buffer (e.g. num_batches_tracked after an update); returns it. */
    protected Tensor setBuffer(String name, Tensor value) {
        if (!buffers.containsKey(name)) throw new IllegalArgumentException(typeName() + ": no buffer named '" + name + "'");
        buffers.put(name, value);
        return value;
    }

    /** Registers a child module under {@code name}; returns it. */
    protected <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    /**
     * Whether {@link #forward} keeps no reference to its input or its result once it returns (nothing cached between
     * calls), and neither do its children. Without grad, {@link Sequential} then releases each intermediate result
     * ({@link Tensor#close()}) as soon as the next layer has consumed it, as PyTorch frees a tensor when its last
     * reference goes, so the next call's results reuse memory that is still in cache. True for Soma's own modules;
     * false by default for modules defined elsewhere, so that one caching activations stays correct: override it to
     * return true when yours keeps nothing.
     */
    public boolean keepsNoTensors() {
        if (!getClass().getPackageName().equals(BUILT_IN_PACKAGE)) return false;
        for (Module child : children.values()) if (child != null && !child.keepsNoTensors()) return false;
        return true;
    }

    private static final String BUILT_IN_PACKAGE = Module.class.getPackageName();

    // ---------------------------------------------------------------- the walk

    /** The direct children, by name, in registration order. */
    public Map<String, Module> namedChildren() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        children.forEach((k, v) -> { if (v != null) out.put(k, v); });
        return out;
    }

    /** The direct children in registration order. */
    public List<Module> children() { return new ArrayList<>(namedChildren().values()); }

    /** This module and every descendant, pre-order, keyed by dotted path ("" for this one); each module once. */
    public Map<String, Module> namedModules() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        collectModules("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private void collectModules(String prefix, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(this)) return;
        out.put(prefix, this);
        for (Map.Entry<String, Module> e : children.entrySet())
            if (e.getValue() != null) e.getValue().collectModules(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out, seen);
    }

    /** This module and every descendant, pre-order. */
    public List<Module> modules() { return new ArrayList<>(namedModules().values()); }

    /** Every parameter with its dotted name (as torch's named_parameters: each tensor once). */
    public Map<String, Parameter> namedParameters() {
        LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Module> m : namedModules().entrySet())
            for (Map.Entry<String, Parameter> p : m.getValue().parameters.entrySet())
                if (p.getValue() != null && seen.add(p.getValue())) out.put(dotted(m.getKey(), p.getKey()), p.getValue());
        return out;
    }

    /** Every parameter, each once. */
    public List<Parameter> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** Every buffer with its dotted name. */
    public Map<String, Tensor> namedBuffers() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> m : namedModules().entrySet())
            for (Map.Entry<String, Tensor> b : m.getValue().buffers.entrySet())
                if (b.getValue() != null) out.put(dotted(m.getKey(), b.getKey()), b.getValue());
        return out;
    }

    /** Every buffer. */
    public List<Tensor> buffers() { return new ArrayList<>(namedBuffers().values()); }

    private static String dotted(String prefix, String name) { return prefix.isEmpty() ? name : prefix + "." + name; }

    /**
     * Parameters and persistent buffers by dotted name, in PyTorch's order (each module's parameters, then its
     * buffers, then its children). The tensors are the module's own (detached views): copy to snapshot.
     */
    public Map<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        addState("", out);
        return out;
    }

    private void addState(String prefix, Map<String, Tensor> out) {
        parameters.forEach((k, v) -> { if (v != null) out.put(prefix + k, v.detach()); });
        buffers.forEach((k, v) -> { if (v != null && !nonPersistent.contains(k)) out.put(prefix + k, v.detach()); });
        children.forEach((k, v) -> { if (v != null) v.addState(prefix + k + ".", out); });
    }

    /** What {@link #loadStateDict} could not match, when not strict. */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {}

    /**
     * Copies values from {@code state} into this module's parameters and buffers. Strict mode fails, listing every
     * missing key, unexpected key and shape mismatch in one message; otherwise mismatched shapes still fail and
     * the unmatched keys are returned.
     */
    public LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        LoadResult result = checkStateDict(state, strict);
        try (var g = GradMode.noGrad()) {
            for (Map.Entry<String, Tensor> e : stateDict().entrySet()) {
                Tensor src = state.get(e.getKey());
                if (src != null) e.getValue().copy_(src);
            }
        }
        return result;
    }

    /**
     * What {@link #loadStateDict} would report or refuse, without copying anything: a loader that restores several
     * objects checks them all first, so that a refused file leaves every one of them as it was.
     */
    public LoadResult checkStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>();
        for (String k : own.keySet()) if (!state.containsKey(k)) missing.add(k);
        for (String k : state.keySet()) if (!own.containsKey(k)) unexpected.add(k);
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src != null && !Arrays.equals(src.shape(), e.getValue().shape()))
                mismatched.add("size mismatch for " + e.getKey() + ": copying a param with shape " + Shape.str(src.shape())
                        + ", the shape in current model is " + Shape.str(e.getValue().shape()));
        }
        if (!mismatched.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()))) {
            StringBuilder sb = new StringBuilder("Error(s) in loading state_dict for " + typeName() + ":");
            if (strict && !missing.isEmpty()) sb.append("\n\tMissing key(s) in state_dict: ").append(quoted(missing)).append('.');
            if (strict && !unexpected.isEmpty()) sb.append("\n\tUnexpected key(s) in state_dict: ").append(quoted(unexpected)).append('.');
            for (String m : mismatched) sb.append("\n\t").append(m).append('.');
            throw new IllegalArgumentException(sb.toString());
        }
        return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
    }

    private static String quoted(List<String> keys) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) sb.append(i == 0 ? "" : ", ").append('"').append(keys.get(i)).append('"');
        return sb.toString();
    }

    // ---------------------------------------------------------------- modes and bulk operations

    /** Puts this module and every descendant in training mode (dropout active, batch statistics); returns this. */
    public Module train() { return train(true); }

    /** Sets training mode on this module and every descendant; returns this. */
    public Module train(boolean mode) {
        for (Module m : modules()) m.training = mode;
        return this;
    }

    /** Puts this module and every descendant in evaluation mode; returns this. */
    public Module eval() { return train(false); }

    /** True in training mode. */
    public boolean isTraining() { return training; }

    /** Clears every parameter's gradient (torch's zero_grad with set_to_none). */
    public void zeroGrad() { for (Parameter p : parameters()) p.setGrad(null); }

    /** Sets requires_grad on every parameter: false freezes the module; returns this. */
    public Module requiresGrad(boolean on) {
        for (Parameter p : parameters()) p.requiresGrad(on);
        return this;
    }

    /** Calls fn on every descendant, children first, then on this module (torch's apply); returns this. */
    public Module apply(Consumer<Module> fn) {
        for (Module c : children()) c.apply(fn);
        fn.accept(this);
        return this;
    }

    /** The number of parameter elements (each shared tensor counted once). */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) n += p.numel();
        return n;
    }

    /** The number of trainable parameter elements. */
    public long trainableParameterCount() {
        long n = 0;
        for (Parameter p : parameters()) if (p.requiresGrad()) n += p.numel();
        return n;
    }

    /** PyTorch's repr: {@code Type(extra)} or, with children, one indented {@code (name): child} line each. */
    @Override public String toString() {
        Map<String, Module> kids = namedChildren();
        String extra = extraRepr();
        if (kids.isEmpty()) return typeName() + "(" + extra + ")";
        StringBuilder sb = new StringBuilder(typeName()).append("(");
        if (!extra.isEmpty()) sb.append("\n  ").append(extra);
        for (Map.Entry<String, Module> e : kids.entrySet())
            sb.append("\n  (").append(e.getKey()).append("): ").append(e.getValue().toString().replace("\n", "\n  "));
        return sb.append("\n)").toString();
    }
}
