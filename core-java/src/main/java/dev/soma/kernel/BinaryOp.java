package dev.soma.kernel;

/** The binary arithmetic the element kernels run over arrays; {@link #apply} is the scalar definition every path follows. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV,
    /** Math.max semantics: NaN wins, and +0 is above −0 (torch.maximum). */
    MAX,
    /** Math.min semantics (torch.minimum). */
    MIN;

    /** The value for one pair of elements. */
    public float apply(float a, float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
        };
    }
}
