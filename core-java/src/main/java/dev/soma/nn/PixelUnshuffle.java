package dev.soma.nn;

import dev.soma.tensor.Resampling;
import dev.soma.tensor.Tensor;

/** torch.nn.PixelUnshuffle: (*, C, H·r, W·r) to (*, C·r², H, W), the inverse of PixelShuffle; a view and a permute, no arithmetic. */
public final class PixelUnshuffle extends Module {
    public final int downscaleFactor;

    public PixelUnshuffle(int downscaleFactor) {
        if (downscaleFactor <= 0) throw new IllegalArgumentException("PixelUnshuffle: downscale_factor must be positive, got " + downscaleFactor);
        this.downscaleFactor = downscaleFactor;
    }

    @Override public Tensor forward(Tensor x) {
        outputShape(x.shape());
        return Resampling.pixelUnshuffle(x, downscaleFactor);
    }

    @Override public int[] outputShape(int[] x) {
        checkShape(x);
        try {
            return Resampling.pixelUnshuffleShape(x, downscaleFactor);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(this + ": " + e.getMessage(), e);
        }
    }

    @Override protected String extraRepr() { return "downscale_factor=" + downscaleFactor; }

    @Override public Config config() { return Config.of("PixelUnshuffle").put("downscale_factor", downscaleFactor); }

    static PixelUnshuffle fromConfig(Config c) { return new PixelUnshuffle(c.getInt("downscale_factor")); }
}
