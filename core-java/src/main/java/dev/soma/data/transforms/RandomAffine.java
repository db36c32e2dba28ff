package dev.soma.data.transforms;

import dev.soma.tensor.DType;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import org.joml.Matrix3x2f;
import org.joml.Vector2f;

/**
 * A random affine map of an image (…, H, W) about its centre (torchvision RandomAffine): rotation in
 * [−degrees, degrees], translation up to (translateX·W, translateY·H), scale in [minScale, maxScale] and shear
 * in [−shear, shear] degrees along x. The map is composed with JOML's {@link Matrix3x2f}; each output pixel
 * samples the input through its inverse with bilinear interpolation, {@code fill} outside.
 */
public final class RandomAffine implements Transform {
    private final float degrees, translateX, translateY, minScale, maxScale, shear, fill;
    private final Generator g;

    public RandomAffine(float degrees, float translateX, float translateY, float minScale, float maxScale, float shear, float fill,
                        Generator g) {
        if (degrees < 0 || translateX < 0 || translateX > 1 || translateY < 0 || translateY > 1 || !(minScale > 0) || maxScale < minScale || shear < 0)
            throw new IllegalArgumentException("RandomAffine: degrees and shear must be >= 0, translations in [0, 1], 0 < min scale <= max scale");
        this.degrees = degrees;
        this.translateX = translateX;
        this.translateY = translateY;
        this.minScale = minScale;
        this.maxScale = maxScale;
        this.shear = shear;
        this.fill = fill;
        this.g = g;
    }

    private float uniform(float lo, float hi) { return lo + (hi - lo) * g.nextFloat(); }

    @Override public Tensor apply(Tensor x) {
        if (x.dim() < 2) throw new IllegalArgumentException("RandomAffine: expected an image (…, H, W), got " + java.util.Arrays.toString(x.shape()));
        int h = x.size(-2), w = x.size(-1);
        float angle = (float) Math.toRadians(uniform(-degrees, degrees));
        float tx = Math.round(uniform(-translateX, translateX) * w), ty = Math.round(uniform(-translateY, translateY) * h);
        float s = uniform(minScale, maxScale), sh = (float) Math.toRadians(uniform(-shear, shear));
        return warp(x, map(w, h, angle, tx, ty, s, sh), fill);
    }

    /** {@code x} rotated by exactly {@code degrees} about its centre (counter-clockwise in image coordinates), zero outside. */
    public static Tensor rotation(Tensor x, float degrees) {
        return warp(x, map(x.size(-1), x.size(-2), (float) Math.toRadians(degrees), 0, 0, 1, 0), 0f);
    }

    /** Forward map about the centre: translate · rotate · shear-x · scale. */
    static Matrix3x2f map(int w, int h, float angle, float tx, float ty, float scale, float shearX) {
        float cx = (w - 1) / 2f, cy = (h - 1) / 2f;
        Matrix3x2f shearM = new Matrix3x2f(1, 0, (float) Math.tan(shearX), 1, 0, 0);
        return new Matrix3x2f().translate(cx + tx, cy + ty).rotate(angle).mul(shearM).scale(scale).translate(-cx, -cy);
    }

    /** out(x, y) = in(M⁻¹ (x, y)) sampled bilinearly over the last two dims, {@code fill} outside the input. */
    static Tensor warp(Tensor x, Matrix3x2f forward, float fill) {
        int h = x.size(-2), w = x.size(-1), planes = x.numel() / Math.max(h * w, 1);
        Matrix3x2f inverse = new Matrix3x2f(forward).invert();
        float[] src = x.to(DType.FLOAT32).contiguous().toFloatArray(), dst = new float[src.length];
        Vector2f p = new Vector2f();
        for (int yy = 0; yy < h; yy++) {
            for (int xx = 0; xx < w; xx++) {
                inverse.transformPosition(p.set(xx, yy));
                int x0 = (int) Math.floor(p.x), y0 = (int) Math.floor(p.y);
                float fx = p.x - x0, fy = p.y - y0;
                for (int c = 0; c < planes; c++) {
                    int base = c * h * w;
                    float v00 = at(src, base, w, h, x0, y0, fill), v10 = at(src, base, w, h, x0 + 1, y0, fill);
                    float v01 = at(src, base, w, h, x0, y0 + 1, fill), v11 = at(src, base, w, h, x0 + 1, y0 + 1, fill);
                    dst[base + yy * w + xx] = (v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy;
                }
            }
        }
        return Tensor.adopt(dst, DType.FLOAT32, x.shape());
    }

    private static float at(float[] src, int base, int w, int h, int x, int y, float fill) {
        return x < 0 || y < 0 || x >= w || y >= h ? fill : src[base + y * w + x];
    }
}
