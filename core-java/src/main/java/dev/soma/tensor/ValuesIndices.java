package dev.soma.tensor;

/** The (values, indices) pair that torch.max / torch.min return when given a dim. */
public record ValuesIndices(Tensor values, Tensor indices) {}
