package dev.soma.nn;

import dev.soma.autograd.GradMode;
import dev.soma.nn.init.Init;
import dev.soma.tensor.Attention;
import dev.soma.tensor.DType;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Shape;
import dev.soma.tensor.Tensor;
import java.util.List;

/**
 * torch.nn.MultiheadAttention: query, key and value are projected (in_proj_weight rows q|k|v, or q_proj_weight,
 * k_proj_weight and v_proj_weight when kdim or vdim differ from embed_dim; in_proj_bias either way), split into
 * num_heads heads of embed_dim/num_heads, attended by {@link Functional#scaledDotProductAttention} and joined by
 * out_proj. Inputs are (L, N, E) / (S, N, kdim) / (S, N, vdim), or (N, L, E)… with batch_first, or unbatched (L, E);
 * forward returns attn_output and, when {@link Options#needWeights}, attn_weights (N, L, S) averaged over heads or
 * (N, num_heads, L, S) per head.
 *
 * <p>Masks follow PyTorch's MultiheadAttention (the opposite of scaled_dot_product_attention's bool convention):
 * a bool key_padding_mask (N, S) or attn_mask ((L, S) or (N·num_heads, L, S)) is True where attention is blocked; a
 * float one is added to the scores. add_bias_kv appends the learned bias_k/bias_v as one more key and value,
 * add_zero_attn a zero key and value per head (masks get an allowed column for each).
 */
public final class MultiheadAttention extends Module {
    public final int embedDim, numHeads, headDim, kdim, vdim;
    public final double dropout;
    public final boolean batchFirst, addZeroAttn;
    /** in_proj_weight (3E, E) when kdim = vdim = E, else null and the three separate projections are set. */
    public final Parameter inProjWeight, qProjWeight, kProjWeight, vProjWeight;
    /** in_proj_bias (3E), null without bias; bias_k and bias_v (1, 1, E), null without add_bias_kv. */
    public final Parameter inProjBias, biasK, biasV;
    public final NonDynamicallyQuantizableLinear outProj;
    private final Generator generator;

    /**
     * The non-tensor arguments of forward: need_weights (return attn_weights), average_attn_weights (average them over
     * heads) and is_causal (a hint that attn_mask is the causal mask, which then may be applied as the causal rule;
     * as PyTorch, it needs attn_mask).
     */
    public record Options(boolean needWeights, boolean averageAttnWeights, boolean isCausal) {
        /** PyTorch's defaults: need_weights=True, average_attn_weights=True, is_causal=False. */
        public static final Options DEFAULT = new Options(true, true, false);
        /** need_weights=False, as the Transformer layers call it. */
        public static final Options NO_WEIGHTS = new Options(false, true, false);

        public Options withNeedWeights(boolean on) { return new Options(on, averageAttnWeights, isCausal); }

        public Options withAverageAttnWeights(boolean on) { return new Options(needWeights, on, isCausal); }

        public Options withIsCausal(boolean on) { return new Options(needWeights, averageAttnWeights, on); }
    }

    /** No dropout, with biases, kdim = vdim = embed_dim, sequence-first. */
    public MultiheadAttention(int embedDim, int numHeads) { this(embedDim, numHeads, 0.0, true, false, false, null, null, false); }

    /** As torch.nn.MultiheadAttention(embed_dim, num_heads, dropout, bias, add_bias_kv, add_zero_attn, kdim, vdim, batch_first); null kdim/vdim mean embed_dim. */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean addBiasKv, boolean addZeroAttn,
                              Integer kdim, Integer vdim, boolean batchFirst) {
        this(embedDim, numHeads, dropout, bias, addBiasKv, addZeroAttn, kdim, vdim, batchFirst, Generator.defaultGenerator());
    }

    /** As above, drawing the initial weights and dropout masks from {@code g}. */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean addBiasKv, boolean addZeroAttn,
                              Integer kdim, Integer vdim, boolean batchFirst, Generator g) {
        if (embedDim <= 0 || numHeads <= 0)
            throw new IllegalArgumentException("MultiheadAttention: embed_dim and num_heads must be greater than 0, got embed_dim="
                    + embedDim + " and num_heads=" + numHeads + " instead");
        if (embedDim % numHeads != 0)
            throw new IllegalArgumentException("MultiheadAttention: embed_dim must be divisible by num_heads (embed_dim=" + embedDim
                    + ", num_heads=" + numHeads + ")");
        if (!(dropout >= 0 && dropout <= 1))
            throw new IllegalArgumentException("MultiheadAttention: dropout probability has to be between 0 and 1, but got " + dropout);
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.headDim = embedDim / numHeads;
        this.kdim = kdim == null ? embedDim : kdim;
        this.vdim = vdim == null ? embedDim : vdim;
        if (this.kdim <= 0 || this.vdim <= 0)
            throw new IllegalArgumentException("MultiheadAttention: kdim and vdim must be positive, got " + this.kdim + " and " + this.vdim);
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        this.addZeroAttn = addZeroAttn;
        this.generator = g;
        // Registration order is PyTorch's, so state_dict keys come out in its order.
        boolean packed = this.kdim == embedDim && this.vdim == embedDim;
        outProj = new NonDynamicallyQuantizableLinear(embedDim, embedDim, bias, g);   // PyTorch's default Linear init
        if (packed) {
            inProjWeight = registerParameter("in_proj_weight", Init.xavierUniform_(Tensor.zeros(3 * embedDim, embedDim), 1.0, g));
            qProjWeight = kProjWeight = vProjWeight = null;
        } else {
            qProjWeight = registerParameter("q_proj_weight", Init.xavierUniform_(Tensor.zeros(embedDim, embedDim), 1.0, g));
            kProjWeight = registerParameter("k_proj_weight", Init.xavierUniform_(Tensor.zeros(embedDim, this.kdim), 1.0, g));
            vProjWeight = registerParameter("v_proj_weight", Init.xavierUniform_(Tensor.zeros(embedDim, this.vdim), 1.0, g));
            inProjWeight = registerParameter("in_proj_weight", null);
        }
        inProjBias = registerParameter("in_proj_bias", bias ? Tensor.zeros(3 * embedDim) : null);
        registerModule("out_proj", outProj);
        if (bias) try (var off = GradMode.noGrad()) {
            outProj.bias.zero_();
        }
        biasK = registerParameter("bias_k", addBiasKv ? Init.xavierNormal_(Tensor.zeros(1, 1, embedDim), 1.0, g) : null);
        biasV = registerParameter("bias_v", addBiasKv ? Init.xavierNormal_(Tensor.zeros(1, 1, embedDim), 1.0, g) : null);
    }

    private static final List<String> INPUTS = List.of("query", "key", "value", "key_padding_mask", "attn_mask");
    private static final List<String> OUTPUTS = List.of("attn_output", "attn_weights");

    /** query, key, value, then the optional key_padding_mask and attn_mask (PyTorch's forward order). */
    @Override public List<String> inputNames() { return INPUTS; }

    @Override public int requiredInputs() { return 3; }

    /** attn_output, and attn_weights (null when not asked for). */
    @Override public List<String> outputNames() { return OUTPUTS; }

    /** Both outputs with PyTorch's default options (weights averaged over heads). */
    @Override public Tensor[] forwardOutputs(Tensor... inputs) {
        checkInputs(inputs);
        return forwardOutputs(inputs[0], inputs[1], inputs[2], inputs.length > 3 ? inputs[3] : null,
                inputs.length > 4 ? inputs[4] : null, Options.DEFAULT);
    }

    /** forward's first output, attn_output, computed without the weights (which it does not return). */
    @Override public Tensor forward(Tensor... inputs) {
        checkInputs(inputs);
        return forwardOutputs(inputs[0], inputs[1], inputs[2], inputs.length > 3 ? inputs[3] : null,
                inputs.length > 4 ? inputs[4] : null, Options.NO_WEIGHTS)[0];
    }

    /** The attention output of query over key and value, without masks (forward's first output). */
    public Tensor forward(Tensor query, Tensor key, Tensor value) {
        return forwardOutputs(query, key, value, null, null, Options.NO_WEIGHTS)[0];
    }

    /**
     * torch.nn.MultiheadAttention.forward(query, key, value, key_padding_mask, need_weights, attn_mask,
     * average_attn_weights, is_causal): returns {attn_output, attn_weights or null}. Masks may be null.
     */
    public Tensor[] forwardOutputs(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, Tensor attnMask, Options options) {
        if (query == null || key == null || value == null) throw new IllegalArgumentException(label() + ": query, key and value must not be null");
        if (options == null) throw new IllegalArgumentException(label() + ": options must not be null");
        boolean batched = checkRanks(query, key, value, keyPaddingMask, attnMask);
        boolean self = query == key && key == value, sharedKv = key == value;
        if (!batched) {          // unbatched (L, E): a batch of one, sequence first
            query = query.unsqueeze(1);
            key = self ? query : key.unsqueeze(1);
            value = self || sharedKv ? key : value.unsqueeze(1);
            if (keyPaddingMask != null) keyPaddingMask = keyPaddingMask.unsqueeze(0);
        }
        boolean batchMajor = batchFirst && batched;
        int seqDim = batchMajor ? 1 : 0, batchDim = 1 - seqDim;
        int n = query.size(batchDim), l = query.size(seqDim), s = key.size(seqDim);
        checkSizes(query, key, value, n, l, s, seqDim, batchDim, keyPaddingMask, attnMask);

        Tensor[] qkv = project(query, key, value, self, sharedKv);
        Tensor q = qkv[0], k = qkv[1], v = qkv[2];
        if (options.isCausal() && attnMask == null)
            throw new IllegalArgumentException(label() + ": Need attn_mask if specifying the is_causal hint. You may use "
                    + "Transformer.generateSquareSubsequentMask to create this mask.");
        boolean causal = options.isCausal() && keyPaddingMask == null && !options.needWeights();
        Tensor mask = causal ? null : mergedMask(attnMask, keyPaddingMask, n, l, s);
        if (biasK != null) {     // one more key and value: the learned biases, visible to every query
            k = Tensor.cat(new Tensor[] {k, seqRow(biasK, n, batchMajor)}, seqDim);
            v = Tensor.cat(new Tensor[] {v, seqRow(biasV, n, batchMajor)}, seqDim);
            if (mask != null) mask = mask.pad(new int[] {0, 1});
            s++;
        }
        // (N, heads, length, head_dim) views of the projections: the batched GEMM reads them in place.
        q = heads(q, n, l, batchMajor);
        k = heads(k, n, s, batchMajor);
        v = heads(v, n, s, batchMajor);
        if (addZeroAttn) {
            k = Tensor.cat(new Tensor[] {k, Tensor.zeros(n, numHeads, 1, headDim)}, 2);
            v = Tensor.cat(new Tensor[] {v, Tensor.zeros(n, numHeads, 1, headDim)}, 2);
            if (mask != null) mask = mask.pad(new int[] {0, 1});
            s++;
        }
        double p = isTraining() ? dropout : 0.0;
        Tensor[] att = Attention.attention(q, k, v, mask, p, causal, null, generator, options.needWeights());
        // (N, heads, L, head_dim) back to the input's layout, then the output projection.
        Tensor o = batchMajor ? att[0].permute(0, 2, 1, 3).reshape(n, l, embedDim) : att[0].permute(2, 0, 1, 3).reshape(l, n, embedDim);
        Tensor out = outProj.forward(o);
        Tensor weights = att[1];
        if (weights != null && options.averageAttnWeights()) weights = weights.mean(1);
        if (!batched) {
            out = out.squeeze(1);
            if (weights != null) weights = weights.squeeze(0);
        }
        return new Tensor[] {out, weights};
    }

    // Validates the ranks of the inputs and masks as PyTorch's _mha_shape_check; returns whether the call is batched.
    private boolean checkRanks(Tensor query, Tensor key, Tensor value, Tensor kpm, Tensor attnMask) {
        int r = query.dim();
        if (r != 2 && r != 3)
            throw new IllegalArgumentException(label() + ": query should be unbatched 2D or batched 3D tensor but received " + r
                    + "-D query tensor " + Shape.str(query.shape()));
        String which = r == 3 ? "batched (3-D)" : "unbatched (2-D)";
        if (key.dim() != r || value.dim() != r)
            throw new IllegalArgumentException(label() + ": for " + which + " query, expected key and value to be " + r + "-D but found "
                    + key.dim() + "-D and " + value.dim() + "-D tensors respectively (key " + Shape.str(key.shape()) + ", value "
                    + Shape.str(value.shape()) + ")");
        if (kpm != null && kpm.dim() != r - 1)
            throw new IllegalArgumentException(label() + ": for " + which + " query, expected key_padding_mask to be None or "
                    + (r - 1) + "-D but found " + kpm.dim() + "-D tensor " + Shape.str(kpm.shape()) + " instead");
        if (attnMask != null && attnMask.dim() != 2 && attnMask.dim() != 3)
            throw new IllegalArgumentException(label() + ": for " + which + " query, expected attn_mask to be None, 2-D or 3-D but found "
                    + attnMask.dim() + "-D tensor " + Shape.str(attnMask.shape()) + " instead");
        for (Tensor m : new Tensor[] {kpm, attnMask})
            if (m != null && m.dtype() == DType.INT64)
                throw new IllegalArgumentException(label() + ": only bool and floating types of masks are supported, got int64 mask "
                        + Shape.str(m.shape()));
        return r == 3;
    }

    private void checkSizes(Tensor query, Tensor key, Tensor value, int n, int l, int s, int seqDim, int batchDim, Tensor kpm,
                            Tensor attnMask) {
        if (query.size(-1) != embedDim)
            throw new IllegalArgumentException(label() + ": was expecting embedding dimension of " + embedDim + ", but got "
                    + query.size(-1) + " (query " + Shape.str(query.shape()) + ")");
        if (key.size(batchDim) != n || value.size(batchDim) != n || value.size(seqDim) != s)
            throw new IllegalArgumentException(label() + ": key's and value's sequence and batch dims must match, and their batch the "
                    + "query's: query " + Shape.str(query.shape()) + ", key " + Shape.str(key.shape()) + ", value " + Shape.str(value.shape()));
        if (key.size(-1) != kdim || value.size(-1) != vdim)
            throw new IllegalArgumentException(label() + ": expected key (…, " + kdim + ") and value (…, " + vdim + "), got key "
                    + Shape.str(key.shape()) + " and value " + Shape.str(value.shape()));
        if (kpm != null && (kpm.size(0) != n || kpm.size(1) != s))
            throw new IllegalArgumentException(label() + ": expecting key_padding_mask shape of (" + n + ", " + s + "), but got "
                    + Shape.str(kpm.shape()));
        if (attnMask != null) {
            int[] m = attnMask.shape();
            boolean ok = m.length == 2 ? m[0] == l && m[1] == s : m[0] == n * numHeads && m[1] == l && m[2] == s;
            if (!ok)
                throw new IllegalArgumentException(label() + ": the shape of the " + m.length + "D attn_mask is " + Shape.str(m)
                        + ", but should be " + (m.length == 2 ? "(" + l + ", " + s + ")" : "(" + n * numHeads + ", " + l + ", " + s + ")"));
        }
    }

    // The q, k and v projections; self-attention runs one GEMM with all of in_proj_weight, shared key/value one for k|v.
    private Tensor[] project(Tensor query, Tensor key, Tensor value, boolean self, boolean sharedKv) {
        int e = embedDim;
        if (inProjWeight != null && self) {
            Tensor qkv = Functional.linear(query, inProjWeight, inProjBias);
            return new Tensor[] {qkv.narrow(-1, 0, e), qkv.narrow(-1, e, e), qkv.narrow(-1, 2 * e, e)};
        }
        if (inProjWeight != null && sharedKv) {
            Tensor kv = Functional.linear(key, inProjWeight.narrow(0, e, 2 * e), biasPart(1, 2));
            return new Tensor[] {Functional.linear(query, inProjWeight.narrow(0, 0, e), biasPart(0, 1)), kv.narrow(-1, 0, e), kv.narrow(-1, e, e)};
        }
        Tensor wq = inProjWeight != null ? inProjWeight.narrow(0, 0, e) : qProjWeight;
        Tensor wk = inProjWeight != null ? inProjWeight.narrow(0, e, e) : kProjWeight;
        Tensor wv = inProjWeight != null ? inProjWeight.narrow(0, 2 * e, e) : vProjWeight;
        return new Tensor[] {Functional.linear(query, wq, biasPart(0, 1)), Functional.linear(key, wk, biasPart(1, 1)),
                Functional.linear(value, wv, biasPart(2, 1))};
    }

    private Tensor biasPart(int start, int count) { return inProjBias == null ? null : inProjBias.narrow(0, start * embedDim, count * embedDim); }

    // bias_k or bias_v as one sequence step of the projection's layout: (1, N, E), or (N, 1, E) batch-major.
    private static Tensor seqRow(Tensor bias, int n, boolean batchMajor) {
        int e = bias.size(-1);
        return batchMajor ? bias.expand(n, 1, e) : bias.expand(1, n, e);
    }

    // (len, N, E) or (N, len, E) projections as (N, heads, len, head_dim) views.
    private Tensor heads(Tensor x, int n, int len, boolean batchMajor) {
        return batchMajor ? x.reshape(n, len, numHeads, headDim).permute(0, 2, 1, 3)
                : x.reshape(len, n, numHeads, headDim).permute(1, 2, 0, 3);
    }

    /**
     * attn_mask and key_padding_mask as one additive float mask broadcasting to (N, heads, L, S): bool True becomes −∞
     * (PyTorch's _canonical_mask), a 2-d attn_mask is shared by every batch entry and head, a 3-d one is split as
     * (N, heads), the padding mask covers (N, 1, 1, S). Null when there is neither.
     */
    private Tensor mergedMask(Tensor attnMask, Tensor kpm, int n, int l, int s) {
        Tensor a = attnMask == null ? null : additive(attnMask);
        if (a != null) a = a.dim() == 2 ? a.reshape(1, 1, l, s) : a.reshape(n, numHeads, l, s);
        Tensor k = kpm == null ? null : additive(kpm).reshape(n, 1, 1, s);
        return a == null ? k : k == null ? a : a.add(k);
    }

    private static Tensor additive(Tensor mask) {
        if (mask.dtype() != DType.BOOL) return mask;
        return Tensor.zeros(mask.shape()).maskedFill(mask, Float.NEGATIVE_INFINITY);
    }

    /**
     * The output shape: query's, (L, N, E), (N, L, E) with batch_first, or (L, E); the key and value shapes (and the
     * masks', when given) are checked as forward checks them.
     */
    @Override public int[] outputShape(int[]... inputShapes) {
        checkInputShapes(inputShapes);
        int[] q = inputShapes[0], k = inputShapes[1], v = inputShapes[2];
        int r = q.length;
        if ((r != 2 && r != 3) || k.length != r || v.length != r || q[r - 1] != embedDim || k[r - 1] != kdim || v[r - 1] != vdim)
            throw new IllegalArgumentException(label() + ": expected query " + layout(embedDim) + ", key " + layout(kdim) + " and value "
                    + layout(vdim) + " (or unbatched (L, E)), got " + Shape.str(q) + ", " + Shape.str(k) + " and " + Shape.str(v));
        int seq = batchFirst && r == 3 ? 1 : 0;
        boolean sameBatch = r == 2 || (q[1 - seq] == k[1 - seq] && k[1 - seq] == v[1 - seq]);
        if (k[seq] != v[seq] || !sameBatch)
            throw new IllegalArgumentException(label() + ": key's and value's sequence and batch dims must match, and their batch "
                    + "the query's, got " + Shape.str(q) + ", " + Shape.str(k) + " and " + Shape.str(v));
        return q.clone();
    }

    private String layout(int width) { return batchFirst ? "(N, L, " + width + ")" : "(L, N, " + width + ")"; }

    /**
     * Per batch entry: the projections L·E² + S·kdim·E + S·vdim·E, QKᵀ L·S'·E and P·V L·S'·E over all heads
     * (S' = S plus one for add_bias_kv and one for add_zero_attn), and the output projection L·E².
     */
    @Override public long macs(int[]... inputShapes) {
        int[] q = outputShape(inputShapes);
        int[] k = inputShapes[1];
        boolean batched = q.length == 3;
        int seq = batchFirst && batched ? 1 : 0;
        long n = batched ? q[1 - seq] : 1, l = q[seq], s = k[seq];
        long e = embedDim, sAtt = s + (biasK != null ? 1 : 0) + (addZeroAttn ? 1 : 0);
        return n * (l * e * e + s * kdim * e + s * vdim * e + 2 * l * sAtt * e + l * e * e);
    }

    @Override String label() { return "MultiheadAttention(embed_dim=" + embedDim + ", num_heads=" + numHeads + ")"; }

    @Override public Config config() {
        return Config.of("MultiheadAttention").put("embed_dim", embedDim).put("num_heads", numHeads).put("dropout", dropout)
                .put("bias", inProjBias != null).put("add_bias_kv", biasK != null).put("add_zero_attn", addZeroAttn)
                .put("kdim", kdim).put("vdim", vdim).put("batch_first", batchFirst);
    }

    static MultiheadAttention fromConfig(Config c) {
        int e = c.getInt("embed_dim");
        return new MultiheadAttention(e, c.getInt("num_heads"), c.getDouble("dropout", 0.0), c.getBoolean("bias", true),
                c.getBoolean("add_bias_kv", false), c.getBoolean("add_zero_attn", false), c.getInt("kdim", e), c.getInt("vdim", e),
                c.getBoolean("batch_first", false));
    }
}
