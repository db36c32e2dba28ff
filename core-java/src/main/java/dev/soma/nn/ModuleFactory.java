package dev.soma.nn;

import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Rebuilds modules from their {@link Config}: built-in layers are known by type name; user layers register a
 * factory under their own name. Nothing is ever loaded or instantiated by a name the registry does not hold.
 */
public final class ModuleFactory {
    private static final Map<String, Function<Config, Module>> FACTORIES = new ConcurrentHashMap<>();

    static {
        register("Sequential", Sequential::fromConfig);
        register("ModuleList", ModuleList::fromConfig);
        register("ModuleDict", ModuleDict::fromConfig);
        register("Identity", c -> new Identity());
        register("Flatten", Flatten::fromConfig);
        register("Unflatten", Unflatten::fromConfig);
        register("Linear", Linear::fromConfig);
        register("Conv1d", Conv1d::fromConfig);
        register("Conv2d", Conv2d::fromConfig);
        register("Conv3d", Conv3d::fromConfig);
        register("ConvTranspose1d", ConvTranspose1d::fromConfig);
        register("ConvTranspose2d", ConvTranspose2d::fromConfig);
        register("ConvTranspose3d", ConvTranspose3d::fromConfig);
        register("DepthwiseConv2d", DepthwiseConv2d::fromConfig);
        register("SeparableConv2d", SeparableConv2d::fromConfig);
        register("Unfold", Unfold::fromConfig);
        register("Fold", Fold::fromConfig);
        register("MaxPool1d", MaxPool1d::fromConfig);
        register("AvgPool1d", AvgPool1d::fromConfig);
        register("AdaptiveAvgPool1d", AdaptiveAvgPool1d::fromConfig);
        register("AdaptiveMaxPool1d", AdaptiveMaxPool1d::fromConfig);
        register("MaxUnpool1d", MaxUnpool1d::fromConfig);
        register("MaxPool2d", MaxPool2d::fromConfig);
        register("AvgPool2d", AvgPool2d::fromConfig);
        register("AdaptiveAvgPool2d", AdaptiveAvgPool2d::fromConfig);
        register("AdaptiveMaxPool2d", AdaptiveMaxPool2d::fromConfig);
        register("MaxUnpool2d", MaxUnpool2d::fromConfig);
        register("MaxPool3d", MaxPool3d::fromConfig);
        register("AvgPool3d", AvgPool3d::fromConfig);
        register("AdaptiveAvgPool3d", AdaptiveAvgPool3d::fromConfig);
        register("AdaptiveMaxPool3d", AdaptiveMaxPool3d::fromConfig);
        register("MaxUnpool3d", MaxUnpool3d::fromConfig);
        register("GlobalAvgPool2d", c -> new GlobalAvgPool2d());
        register("Upsample", Upsample::fromConfig);
        register("PixelShuffle", PixelShuffle::fromConfig);
        register("PixelUnshuffle", PixelUnshuffle::fromConfig);
        register("Bilinear", Bilinear::fromConfig);
        register("RNN", RNN::fromConfig);
        register("LSTM", LSTM::fromConfig);
        register("GRU", GRU::fromConfig);
        register("RNNCell", RNNCell::fromConfig);
        register("LSTMCell", LSTMCell::fromConfig);
        register("GRUCell", GRUCell::fromConfig);
        register("Dropout", Dropout::fromConfig);
        register("Dropout2d", Dropout2d::fromConfig);
        register("BatchNorm1d", BatchNorm1d::fromConfig);
        register("BatchNorm2d", BatchNorm2d::fromConfig);
        register("LayerNorm", LayerNorm::fromConfig);
        register("GroupNorm", GroupNorm::fromConfig);
        register("InstanceNorm1d", InstanceNorm1d::fromConfig);
        register("InstanceNorm2d", InstanceNorm2d::fromConfig);
        register("LocalResponseNorm", LocalResponseNorm::fromConfig);
        register("Embedding", Embedding::fromConfig);
        register("Maxout", Maxout::fromConfig);
        register("Residual", Residual::fromConfig);
        register("Parallel", Parallel::fromConfig);
        register("ReLU", c -> new ReLU());
        register("ReLU6", c -> new ReLU6());
        register("SELU", c -> new SELU());
        register("SiLU", c -> new SiLU());
        register("Mish", c -> new Mish());
        register("Sigmoid", c -> new Sigmoid());
        register("Tanh", c -> new Tanh());
        register("Hardsigmoid", c -> new Hardsigmoid());
        register("Hardswish", c -> new Hardswish());
        register("Softsign", c -> new Softsign());
        register("LogSigmoid", c -> new LogSigmoid());
        register("Tanhshrink", c -> new Tanhshrink());
        register("LeakyReLU", LeakyReLU::fromConfig);
        register("ELU", ELU::fromConfig);
        register("CELU", CELU::fromConfig);
        register("GELU", GELU::fromConfig);
        register("GLU", GLU::fromConfig);
        register("Hardshrink", Hardshrink::fromConfig);
        register("Softshrink", Softshrink::fromConfig);
        register("Softmax", Softmax::fromConfig);
        register("LogSoftmax", LogSoftmax::fromConfig);
        register("Softplus", Softplus::fromConfig);
        register("Hardtanh", Hardtanh::fromConfig);
        register("Threshold", Threshold::fromConfig);
        register("PReLU", PReLU::fromConfig);
        register("MSELoss", MSELoss::fromConfig);
        register("L1Loss", L1Loss::fromConfig);
        register("SmoothL1Loss", SmoothL1Loss::fromConfig);
        register("HuberLoss", HuberLoss::fromConfig);
        register("BCELoss", BCELoss::fromConfig);
        register("BCEWithLogitsLoss", BCEWithLogitsLoss::fromConfig);
        register("CrossEntropyLoss", CrossEntropyLoss::fromConfig);
        register("NLLLoss", NLLLoss::fromConfig);
        register("MultiMarginLoss", MultiMarginLoss::fromConfig);
        register("KLDivLoss", KLDivLoss::fromConfig);
        register("HingeEmbeddingLoss", HingeEmbeddingLoss::fromConfig);
        register("SoftMarginLoss", SoftMarginLoss::fromConfig);
        register("CosineEmbeddingLoss", CosineEmbeddingLoss::fromConfig);
        register("MarginRankingLoss", MarginRankingLoss::fromConfig);
        // attention and Transformer
        register("NonDynamicallyQuantizableLinear", NonDynamicallyQuantizableLinear::fromConfig);
        register("MultiheadAttention", MultiheadAttention::fromConfig);
        register("TransformerEncoderLayer", TransformerEncoderLayer::fromConfig);
        register("TransformerDecoderLayer", TransformerDecoderLayer::fromConfig);
        register("TransformerEncoder", TransformerEncoder::fromConfig);
        register("TransformerDecoder", TransformerDecoder::fromConfig);
        register("Transformer", Transformer::fromConfig);
        register("SinusoidalPositionalEncoding", SinusoidalPositionalEncoding::fromConfig);
        register("LearnedPositionalEncoding", LearnedPositionalEncoding::fromConfig);
    }

    private ModuleFactory() {}

    /** Makes {@code type} buildable from configs; a user layer's name must not shadow another. */
    public static void register(String type, Function<Config, Module> factory) {
        Function<Config, Module> old = FACTORIES.putIfAbsent(type, factory);
        if (old != null && old != factory)
            throw new IllegalArgumentException("layer type '" + type + "' is already registered");
    }

    /** True when {@code type} can be built. */
    public static boolean isRegistered(String type) { return FACTORIES.containsKey(type); }

    /** A new module equal in architecture to the one that produced {@code config} (weights freshly initialised). */
    public static Module build(Config config) {
        Function<Config, Module> f = FACTORIES.get(config.type());
        if (f == null)
            throw new IllegalArgumentException("unknown layer type '" + config.type() + "'; known types: "
                    + new TreeSet<>(FACTORIES.keySet()) + ". Register user layers with ModuleFactory.register(type, factory)");
        Module m = f.apply(config);
        if (!m.typeName().equals(config.type()))
            throw new IllegalStateException("factory for '" + config.type() + "' built a " + m.typeName());
        return m;
    }
}
