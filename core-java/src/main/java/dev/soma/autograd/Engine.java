package dev.soma.autograd;

import dev.soma.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode backward over the recorded graph: a topological sort, then one pass from the output down. Gradients
 * are summed per (node, output index), in place after the first, and a node runs once all of them are in.
 */
public final class Engine {
    private Engine() {}

    /**
     * Computes dL/d(leaf) for every leaf that requires grad and accumulates it into the leaf's grad, where
     * L = sum(root * gradient); gradient may be null for a one-element root (then it is 1).
     */
    public static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
        if (!root.requiresGrad())
            throw new IllegalStateException("element 0 of tensors does not require grad and does not have a grad_fn: "
                    + "call requiresGrad(true) on a leaf before computing the output");
        if (gradient == null) {
            if (root.numel() != 1)
                throw new IllegalArgumentException("grad can be implicitly created only for scalar outputs; got output of shape "
                        + Arrays.toString(root.shape()) + ": pass an explicit gradient of that shape");
            gradient = Tensor.onesLike(root);
        } else if (!Arrays.equals(gradient.shape(), root.shape())) {
            throw new IllegalArgumentException("Mismatch in shape: grad_output has a shape of " + Arrays.toString(gradient.shape())
                    + " and output has a shape of " + Arrays.toString(root.shape()));
        }
        try (var g = GradMode.noGrad()) {
            run(root, gradient.detach(), retainGraph);
        }
    }

    private static void run(Tensor root, Tensor gradient, boolean retainGraph) {
        Node top = root.gradFn();
        if (top == null) {
            accumulateIntoLeaf(root, gradient, false);
            return;
        }
        List<Node> order = topologicalOrder(top);
        Pending pending = new Pending();
        pending.add(top, root.outputIndex(), gradient, false);
        for (Node node : order) {
            Tensor[] grads;
            long mark;
            if (node.multi) {
                Tensor[] outGrads = pending.multi == null ? null : pending.multi.remove(node);
                if (outGrads == null) continue;    // no output of this node got a gradient
                for (Tensor g : outGrads) if (g != null) pending.owned.remove(g);
                mark = TensorAccess.creationMark();
                grads = node.applyMulti(outGrads);
            } else {
                Tensor g = pending.single.remove(node);
                if (g == null) continue;    // no gradient flows here (e.g. only int outputs downstream)
                pending.owned.remove(g);
                mark = TensorAccess.creationMark();
                grads = node.apply(g);
            }
            if (grads == null || grads.length != node.inputs.length)
                throw new IllegalStateException(node.name() + " returned " + (grads == null ? "null" : grads.length + " gradients")
                        + " for " + node.inputs.length + " inputs");
            for (int i = 0; i < grads.length; i++) {
                Tensor in = node.inputs[i];
                Tensor gi = grads[i];
                if (in == null || gi == null || !node.needsGrad[i]) continue;
                if (!Arrays.equals(gi.shape(), in.shape()))
                    throw new IllegalStateException(node.name() + " returned a gradient of shape " + Arrays.toString(gi.shape())
                            + " for input " + i + " of shape " + Arrays.toString(in.shape()));
                Node next = in.gradFn();
                if (next == null) accumulateIntoLeaf(in, gi, ownedOnlyHere(grads, i, mark));
                else pending.add(next, in.outputIndex(), gi, ownedOnlyHere(grads, i, mark));
            }
            if (!retainGraph) node.release();
        }
    }

    /** Gradients waiting for their node: one per single-output node, one per (node, output index) otherwise. */
    private static final class Pending {
        final Map<Node, Tensor> single = new IdentityHashMap<>();
        Map<Node, Tensor[]> multi;    // made at the first multi-output node that gets a gradient
        final Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());    // sums only the engine sees

        void add(Node node, int output, Tensor g, boolean gOwned) {
            if (!node.multi) {
                single.put(node, accumulate(single.get(node), g, gOwned, owned));
                return;
            }
            if (multi == null) multi = new IdentityHashMap<>();
            Tensor[] slots = multi.get(node);
            if (slots == null) multi.put(node, slots = new Tensor[node.outputCount()]);
            slots[output] = accumulate(slots[output], g, gOwned, owned);
        }
    }

    /**
     * The sum of a pending gradient (null for none yet) and a new one g. The first is kept as it is; from the second
     * on the sum lives in a buffer the engine owns (a fresh g, or one copy made at the second gradient) and later
     * gradients are added into it in place, so k gradients cost at most one full-size allocation.
     */
    private static Tensor accumulate(Tensor current, Tensor g, boolean gOwned, Set<Tensor> owned) {
        if (current == null) {
            if (gOwned) owned.add(g);
            return g;
        }
        if (owned.contains(current)) return current.add_(g);
        if (gOwned) {
            owned.add(g);
            return g.add_(current);
        }
        Tensor sum = current.add(g);
        owned.add(sum);
        return sum;
    }

    /**
     * Adds g into the leaf's grad in place. The first gradient becomes the grad itself when {@code owned} (nothing else
     * can see its storage), else a copy: grads handed down may be shared (add passes g through to both inputs).
     */
    private static void accumulateIntoLeaf(Tensor leaf, Tensor g, boolean owned) {
        Tensor current = leaf.grad();
        if (current == null) leaf.setGrad(owned ? g : g.contiguousCopy());
        else current.add_(g);
    }

    // Whether grads[i] was created by the backward step that began at mark and shares storage with no other output.
    private static boolean ownedOnlyHere(Tensor[] grads, int i, long mark) {
        if (!TensorAccess.ownsStorageCreatedSince(grads[i], mark)) return false;
        for (int j = 0; j < grads.length; j++)
            if (j != i && grads[j] != null && grads[j].sharesStorageWith(grads[i])) return false;
        return true;
    }

    /** Nodes reachable from top, each after every node that feeds it a gradient. */
    private static List<Node> topologicalOrder(Node top) {
        Map<Node, Integer> state = new IdentityHashMap<>();    // 1 = on stack, 2 = done
        List<Node> post = new ArrayList<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {top, 0});
        state.put(top, 1);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Node n = (Node) frame[0];
            int i = (Integer) frame[1];
            if (i < n.inputs.length) {
                frame[1] = i + 1;
                Tensor in = n.inputs[i];
                Node child = in == null ? null : in.gradFn();
                if (child != null && !state.containsKey(child)) {
                    state.put(child, 1);
                    stack.push(new Object[] {child, 0});
                }
            } else {
                stack.pop();
                state.put(n, 2);
                post.add(n);
            }
        }
        java.util.Collections.reverse(post);
        return post;
    }
}
