package dev.soma.nn;

import dev.soma.nn.init.Init;
import dev.soma.autograd.GradMode;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;

/**
 * A lookup table of num_embeddings vectors of size embedding_dim (torch.nn.Embedding): int64 indices of any shape
 * give their rows. Weight ~ N(0, 1); the padding row starts at zero and receives no gradient.
 */
public final class Embedding extends Module {
    public final int numEmbeddings, embeddingDim;
    /** The padding index after wrapping negatives, or −1 for none. */
    public final int paddingIdx;
    public final Double maxNorm;
    public final double normType;
    public final boolean scaleGradByFreq;
    public final Parameter weight;

    public Embedding(int numEmbeddings, int embeddingDim) { this(numEmbeddings, embeddingDim, null, null, 2.0, false); }

    /** As torch.nn.Embedding(num_embeddings, embedding_dim, padding_idx, max_norm, norm_type, scale_grad_by_freq). */
    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, Double maxNorm, double normType,
                     boolean scaleGradByFreq) {
        this(numEmbeddings, embeddingDim, paddingIdx, maxNorm, normType, scaleGradByFreq, Generator.defaultGenerator());
    }

    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, Double maxNorm, double normType,
                     boolean scaleGradByFreq, Generator g) {
        if (numEmbeddings <= 0 || embeddingDim <= 0)
            throw new IllegalArgumentException("Embedding: num_embeddings and embedding_dim must be positive, got "
                    + numEmbeddings + " and " + embeddingDim);
        if (paddingIdx != null && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings))
            throw new IllegalArgumentException("Embedding: padding_idx must be within num_embeddings (" + numEmbeddings
                    + "), got " + paddingIdx);
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx == null ? -1 : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
        this.maxNorm = maxNorm;
        this.normType = normType;
        this.scaleGradByFreq = scaleGradByFreq;
        Tensor w = Init.normal_(Tensor.zeros(numEmbeddings, embeddingDim), 0, 1, g);
        if (this.paddingIdx >= 0) try (var off = GradMode.noGrad()) {
            w.select(0, this.paddingIdx).zero_();
        }
        weight = registerParameter("weight", w);
    }

    @Override public Tensor forward(Tensor input) {
        if (maxNorm != null) Functional.embeddingRenorm_(weight, input, maxNorm, normType);
        return Functional.embedding(input, weight, paddingIdx, scaleGradByFreq);
    }

    /** Indices of any shape (*) → (*, embedding_dim); a lookup has no multiply-accumulates. */
    @Override public int[] outputShape(int[] inputShape) {
        checkShape(inputShape);
        int[] out = java.util.Arrays.copyOf(inputShape, inputShape.length + 1);
        out[inputShape.length] = embeddingDim;
        return out;
    }

    @Override protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx >= 0 ? ", padding_idx=" + paddingIdx : "")
                + (maxNorm != null ? ", max_norm=" + maxNorm : "") + (scaleGradByFreq ? ", scale_grad_by_freq=True" : "");
    }

    @Override public Config config() {
        Config c = Config.of("Embedding").put("num_embeddings", numEmbeddings).put("embedding_dim", embeddingDim)
                .put("norm_type", normType).put("scale_grad_by_freq", scaleGradByFreq);
        if (paddingIdx >= 0) c.put("padding_idx", paddingIdx);
        if (maxNorm != null) c.put("max_norm", maxNorm.doubleValue());
        return c;
    }

    static Embedding fromConfig(Config c) {
        return new Embedding(c.getInt("num_embeddings"), c.getInt("embedding_dim"),
                c.has("padding_idx") ? c.getInt("padding_idx") : null, c.has("max_norm") ? c.getDouble("max_norm") : null,
                c.getDouble("norm_type", 2.0), c.getBoolean("scale_grad_by_freq", false));
    }
}
