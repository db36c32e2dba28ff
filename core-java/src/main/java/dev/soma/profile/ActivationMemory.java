package dev.soma.profile;

import dev.soma.autograd.GradMode;
import dev.soma.autograd.Node;
import dev.soma.nn.Module;
import dev.soma.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Measures what backward keeps alive: the storages saved by the graph nodes behind an output (PyTorch's saved
 * tensors), each storage once, excluding the model's own weights. Exact where {@link Summary} estimates.
 */
public final class ActivationMemory {
    private ActivationMemory() {}

    /**
     * Runs {@code model.forward(input)} with grad enabled, in the model's current mode, and returns the bytes of
     * the distinct storages its graph saves for backward, parameters and buffers excluded (4 bytes per element).
     */
    public static long savedBytes(Module model, Tensor input) {
        Tensor out;
        try (var g = GradMode.enableGrad()) {
            out = model.forward(input);
        }
        List<Tensor> weights = new java.util.ArrayList<>(model.parameters());
        weights.addAll(model.buffers());
        return savedBytes(out, weights);
    }

    /** The bytes of the distinct storages saved by the nodes reachable from {@code output}, minus those of {@code exclude}. */
    public static long savedBytes(Tensor output, Collection<? extends Tensor> exclude) {
        Set<float[]> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor t : exclude) seen.add(t.storageArray());
        Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Node> todo = new ArrayDeque<>();
        if (output.gradFn() != null) todo.push(output.gradFn());
        long elements = 0;
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (!visited.add(n)) continue;
            for (Tensor s : n.savedTensors()) if (seen.add(s.storageArray())) elements += s.storageArray().length;
            for (Tensor in : n.inputs()) if (in != null && in.gradFn() != null) todo.push(in.gradFn());
        }
        return elements * Summary.BYTES_PER_ELEMENT;
    }
}
