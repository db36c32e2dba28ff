package dev.soma.tensor;

/**
 * Element types. Storage is always float32; INT64 (indices, labels) and BOOL (masks) tag how values are
 * read and printed. Integers are exact up to 2^24 in magnitude; factories refuse larger ones.
 */
public enum DType {
    FLOAT32("float32"), INT64("int64"), BOOL("bool");

    private final String torchName;

    DType(String torchName) { this.torchName = torchName; }

    /** PyTorch's name of the type, e.g. {@code int64}. */
    public String torchName() { return torchName; }

    /** True for FLOAT32, the only type autograd differentiates. */
    public boolean isFloatingPoint() { return this == FLOAT32; }
}
