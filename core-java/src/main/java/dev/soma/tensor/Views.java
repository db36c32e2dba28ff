package dev.soma.tensor;

import dev.soma.autograd.Graph;
import java.util.Arrays;

/**
 * The view ops behind {@link Tensor}'s methods (view, reshape, transpose, permute, narrow, slice, select, expand,
 * squeeze, unsqueeze, flatten, unflatten): each reads the same storage through new shape, strides and offset,
 * with PyTorch's error messages, and records the backward rule that maps a gradient back to the input's shape.
 */
final class Views {
    private Views() {}

    private static Tensor viewOf(Tensor x, int[] newShape, int[] newStrides, int newOffset) {
        return new Tensor(x.storage, newShape, newStrides, newOffset, x.dtype);
    }

    /** Resolves one −1 in a requested shape against numel, with PyTorch's message when impossible. */
    static int[] inferShape(int[] requested, int numel) {
        int[] s = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("only one dimension can be inferred in shape " + Shape.str(requested));
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("invalid shape dimension " + s[i] + " in " + Shape.str(requested));
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0)
                throw new IllegalArgumentException("shape '" + Shape.str(requested) + "' is invalid for input of size " + numel);
            s[infer] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException("shape '" + Shape.str(requested) + "' is invalid for input of size " + numel);
        }
        return s;
    }

    /** Strides that read x's elements in the new shape without copying, or null if impossible. */
    private static int[] viewStrides(Tensor x, int[] newShape) {
        int[] shape = x.shape, strides = x.strides;
        if (shape.length == 0 || x.numel() == 0) return Shape.contiguousStrides(newShape);
        int[] ns = new int[newShape.length];
        int viewD = newShape.length - 1;
        long chunkBase = strides[shape.length - 1];
        long tensorNumel = 1, viewNumel = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorNumel *= shape[d];
            // A chunk of dims ends where the next-outer dim is not laid out right after this chunk.
            if (d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    ns[viewD] = (int) (viewNumel * chunkBase);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (d > 0) {
                    chunkBase = strides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? ns : null;
    }

    static Tensor view(Tensor x, int[] newShape) {
        int[] s = inferShape(newShape, x.numel());
        int[] st = viewStrides(x, s);
        if (st == null)
            throw new IllegalStateException("view size is not compatible with input tensor's size and stride (shape "
                    + Shape.str(x.shape) + ", strides " + Shape.str(x.strides) + "); use reshape() instead");
        return reshapeRecorded(x, viewOf(x, s, st, x.offset));
    }

    static Tensor reshape(Tensor x, int[] newShape) {
        int[] s = inferShape(newShape, x.numel());
        int[] st = viewStrides(x, s);
        Tensor out = st != null ? viewOf(x, s, st, x.offset) : Tensor.wrap(x.toFloatArray(), s, x.dtype);
        return reshapeRecorded(x, out);
    }

    private static Tensor reshapeRecorded(Tensor x, Tensor out) {
        int[] in = x.shape;
        return Graph.record("ViewBackward", out, new Tensor[] {x}, (g, n) -> new Tensor[] {g.reshape(in)});
    }

    static Tensor transpose(Tensor x, int dim0, int dim1) {
        int r = x.shape.length;
        int a = Shape.wrapDim(dim0, r), b = Shape.wrapDim(dim1, r);
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = i;
        perm[a] = b;
        perm[b] = a;
        return permute(x, perm);
    }

    static Tensor t(Tensor x) {
        int r = x.shape.length;
        if (r > 2) throw new IllegalArgumentException("t() expects a tensor with <= 2 dimensions, but self is " + r + "D");
        return r < 2 ? x : transpose(x, 0, 1);
    }

    static Tensor permute(Tensor x, int[] dims) {
        int r = x.shape.length;
        if (dims.length != r)
            throw new IllegalArgumentException("permute: number of dimensions in the tensor input (" + r
                    + ") does not match the length of the desired ordering of dimensions " + Arrays.toString(dims));
        int[] p = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            p[i] = Shape.wrapDim(dims[i], r);
            if (seen[p[i]]) throw new IllegalArgumentException("permute: repeated dim " + p[i] + " in " + Arrays.toString(dims));
            seen[p[i]] = true;
        }
        int[] ns = new int[r], nst = new int[r], inv = new int[r];
        for (int i = 0; i < r; i++) {
            ns[i] = x.shape[p[i]];
            nst[i] = x.strides[p[i]];
            inv[p[i]] = i;
        }
        return Graph.record("PermuteBackward", viewOf(x, ns, nst, x.offset), new Tensor[] {x},
                (g, n) -> new Tensor[] {g.permute(inv)});
    }

    static Tensor narrow(Tensor x, int dim, int start, int length) {
        int d = Shape.wrapDim(dim, x.shape.length);
        if (x.shape.length == 0) throw new IllegalArgumentException("narrow() cannot be applied to a 0-dim tensor.");
        int size = x.shape[d];
        if (start < -size || start > size)
            throw new IndexOutOfBoundsException("start out of range (expected to be in range of [" + (-size) + ", " + size
                    + "], but got " + start + ")");
        int s = start < 0 ? start + size : start;
        if (length < 0) throw new IllegalArgumentException("narrow(): length must be non-negative, got " + length);
        if (s + length > size)
            throw new IllegalArgumentException("start (" + s + ") + length (" + length + ") exceeds dimension size (" + size + ").");
        return slice(x, d, s, s + length, 1);
    }

    static Tensor slice(Tensor x, int dim, int start, int end, int step) {
        int d = Shape.wrapDim(dim, x.shape.length);
        if (step <= 0) throw new IllegalArgumentException("slice step must be positive, got " + step);
        int size = x.shape[d];
        int s = Math.max(0, Math.min(size, start < 0 ? start + size : start));
        int e = Math.max(s, Math.min(size, end < 0 ? end + size : end));
        int[] ns = x.shape.clone(), nst = x.strides.clone();
        ns[d] = (e - s + step - 1) / step;
        nst[d] = x.strides[d] * step;
        Tensor out = viewOf(x, ns, nst, x.offset + s * x.strides[d]);
        int[] in = x.shape;
        return Graph.record("SliceBackward", out, new Tensor[] {x}, (g, n) -> {
            Tensor full = Tensor.zeros(in);
            full.slice(d, s, e, step).copy_(g);
            return new Tensor[] {full};
        });
    }

    static Tensor select(Tensor x, int dim, int index) {
        int[] shape = x.shape;
        int d = Shape.wrapDim(dim, shape.length);
        int size = shape[d];
        if (index < -size || index >= size)
            throw new IndexOutOfBoundsException("select(): index " + index + " out of range for tensor of size "
                    + Shape.str(shape) + " at dimension " + d);
        int i = index < 0 ? index + size : index;
        int[] ns = new int[shape.length - 1], nst = new int[shape.length - 1];
        for (int k = 0, j = 0; k < shape.length; k++) {
            if (k == d) continue;
            ns[j] = shape[k];
            nst[j++] = x.strides[k];
        }
        Tensor out = viewOf(x, ns, nst, x.offset + i * x.strides[d]);
        return Graph.record("SelectBackward", out, new Tensor[] {x}, (g, n) -> {
            Tensor full = Tensor.zeros(shape);
            full.select(d, i).copy_(g);
            return new Tensor[] {full};
        });
    }

    static Tensor expand(Tensor x, int[] sizes) {
        int[] shape = x.shape;
        int r = sizes.length;
        if (r < shape.length)
            throw new IllegalArgumentException("expand: the number of sizes provided (" + r
                    + ") must be greater or equal to the number of dimensions in the tensor (" + shape.length + ")");
        int[] ns = new int[r], nst = new int[r];
        int lead = r - shape.length;
        for (int i = 0; i < r; i++) {
            if (i < lead) {
                if (sizes[i] < 0) throw new IllegalArgumentException("expand: the expanded size of the tensor (" + sizes[i]
                        + ") isn't allowed in a leading, non-existing dimension " + i);
                ns[i] = sizes[i];
                nst[i] = 0;
                continue;
            }
            int have = shape[i - lead];
            int want = sizes[i] == -1 ? have : sizes[i];
            if (have == want) {
                ns[i] = have;
                nst[i] = x.strides[i - lead];
            } else if (have == 1 && want >= 0) {
                ns[i] = want;
                nst[i] = 0;
            } else {
                throw new IllegalArgumentException("The expanded size of the tensor (" + want + ") must match the existing size ("
                        + have + ") at non-singleton dimension " + i + ".  Target sizes: " + Arrays.toString(sizes)
                        + ".  Tensor sizes: " + Shape.str(shape));
            }
        }
        return Graph.record("ExpandBackward", viewOf(x, ns, nst, x.offset), new Tensor[] {x},
                (g, n) -> new Tensor[] {g.sumTo(shape)});
    }

    static Tensor squeeze(Tensor x) {
        int k = 0;
        for (int s : x.shape) if (s != 1) k++;
        int[] ns = new int[k];
        k = 0;
        for (int s : x.shape) if (s != 1) ns[k++] = s;
        return reshape(x, ns);
    }

    static Tensor squeeze(Tensor x, int dim) {
        int[] shape = x.shape;
        int d = Shape.wrapDim(dim, shape.length);
        if (shape.length == 0 || shape[d] != 1) return x;
        int[] ns = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != d) ns[j++] = shape[i];
        return reshape(x, ns);
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int[] shape = x.shape;
        int d = Shape.wrapDim(dim, shape.length + 1);
        int[] ns = new int[shape.length + 1];
        for (int i = 0, j = 0; i < ns.length; i++) ns[i] = i == d ? 1 : shape[j++];
        return reshape(x, ns);
    }

    static Tensor flatten(Tensor x, int startDim, int endDim) {
        int[] shape = x.shape;
        if (shape.length == 0) return reshape(x, new int[] {1});
        int s = Shape.wrapDim(startDim, shape.length), e = Shape.wrapDim(endDim, shape.length);
        if (s > e) throw new IllegalArgumentException("flatten() has invalid args: start_dim (" + startDim
                + ") cannot come after end_dim (" + endDim + ")");
        int[] ns = new int[shape.length - (e - s)];
        int k = 0;
        for (int i = 0; i < s; i++) ns[k++] = shape[i];
        int m = 1;
        for (int i = s; i <= e; i++) m *= shape[i];
        ns[k++] = m;
        for (int i = e + 1; i < shape.length; i++) ns[k++] = shape[i];
        return reshape(x, ns);
    }

    static Tensor unflatten(Tensor x, int dim, int[] sizes) {
        int[] shape = x.shape;
        int d = Shape.wrapDim(dim, shape.length);
        int[] inner = inferShape(sizes, shape[d]);
        int[] ns = new int[shape.length - 1 + inner.length];
        int k = 0;
        for (int i = 0; i < d; i++) ns[k++] = shape[i];
        for (int s : inner) ns[k++] = s;
        for (int i = d + 1; i < shape.length; i++) ns[k++] = shape[i];
        return reshape(x, ns);
    }
}
