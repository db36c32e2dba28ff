package dev.soma.nn;

import dev.soma.tensor.Resampling;
import dev.soma.tensor.Tensor;

/** torch.nn.PixelShuffle: (*, C·r², H, W) to (*, C, H·r, W·r): sub-pixel convolution's rearrangement; a view and a permute, no arithmetic. */
public final class PixelShuffle extends Module {
    public final int upscaleFactor;

    public PixelShuffle(int upscaleFactor) {
        if (upscaleFactor <= 0) throw new IllegalArgumentException("PixelShuffle: upscale_factor must be positive, got " + upscaleFactor);
        this.upscaleFactor = upscaleFactor;
    }

    @Override public Tensor forward(Tensor x) {
        outputShape(x.shape());
        return Resampling.pixelShuffle(x, upscaleFactor);
    }

    @Override public int[] outputShape(int[] x) {
        checkShape(x);
        try {
            return Resampling.pixelShuffleShape(x, upscaleFactor);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(this + ": " + e.getMessage(), e);
        }
    }

    @Override protected String extraRepr() { return "upscale_factor=" + upscaleFactor; }

    @Override public Config config() { return Config.of("PixelShuffle").put("upscale_factor", upscaleFactor); }

    static PixelShuffle fromConfig(Config c) { return new PixelShuffle(c.getInt("upscale_factor")); }
}
