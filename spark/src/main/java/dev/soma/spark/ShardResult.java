package dev.soma.spark;

import java.io.Serializable;

/**
 * One worker's answer for one step: the gradient of its piece, already scaled by the piece's share of the global
 * batch (so the driver only adds), its buffers after the forward pass, its loss summed over samples, how many of
 * its samples the model classified right, and the piece's size.
 */
record ShardResult(int worker, int count, double lossSum, long correct, float[] gradient, float[] buffers) implements Serializable {}
