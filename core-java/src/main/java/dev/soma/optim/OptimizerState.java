package dev.soma.optim;

import java.util.List;
import java.util.Map;

/**
 * An optimizer's state dict, laid out as torch's: {@code state} maps a parameter's index (counting through the
 * groups in order) to its buffers (Tensors) and counters (Numbers); {@code paramGroups} holds each group's
 * options plus "params": the int[] of its parameters' indices.
 */
public record OptimizerState(Map<Integer, Map<String, Object>> state, List<Map<String, Object>> paramGroups) {}
