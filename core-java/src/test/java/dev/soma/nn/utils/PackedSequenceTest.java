package dev.soma.nn.utils;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.nn.GRU;
import dev.soma.nn.LSTM;
import dev.soma.nn.RNNBase;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * pack_padded_sequence / pad_packed_sequence against hand-packed values (sorted and unsorted lengths), and recurrent
 * layers on packed batches against running each sequence alone: outputs, final states and input gradients.
 */
class PackedSequenceTest {
    private static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), shape).mul(0.5f); }

    @Test void packsStepByStepInDecreasingLengthOrderAndPadsBack() {
        // batch first, 3 sequences of lengths 2, 3, 1; values 10·b + t
        float[] v = {0, 1, -1, 10, 11, 12, 20, -1, -1};
        Tensor x = Tensor.of(v, 3, 3);
        PackedSequence p = SequencePacking.packPaddedSequence(x, new long[] {2, 3, 1}, true, false);
        assertArrayEquals(new float[] {10, 0, 20, 11, 1, 12}, p.data().toFloatArray());
        assertArrayEquals(new long[] {3, 2, 1}, p.batchSizes().toLongArray());
        assertArrayEquals(new long[] {1, 0, 2}, p.sortedIndices().toLongArray());
        assertArrayEquals(new long[] {1, 0, 2}, p.unsortedIndices().toLongArray());
        var back = SequencePacking.padPackedSequence(p, true, -1f, null);
        assertArrayEquals(v, back.output().toFloatArray());
        assertArrayEquals(new long[] {2, 3, 1}, back.lengths().toLongArray());
        var longer = SequencePacking.padPackedSequence(p, false, 0f, 4);
        assertArrayEquals(new int[] {4, 3}, longer.output().shape());
        assertArrayEquals(new float[] {0, 10, 20, 1, 11, 0, 0, 12, 0, 0, 0, 0}, longer.output().toFloatArray());
    }

    @Test void sortedLengthsKeepNoIndices() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 0}, 3, 2);      // time-major, lengths 3 and 2
        PackedSequence p = SequencePacking.packPaddedSequence(x, Tensor.ofLongs(new long[] {3, 2}, 2), false, true);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5}, p.data().toFloatArray());
        assertArrayEquals(new long[] {2, 2, 1}, p.batchSizes().toLongArray());
        assertNull(p.sortedIndices());
        assertArrayEquals(x.toFloatArray(), SequencePacking.padPackedSequence(p).output().toFloatArray());
    }

    @Test void packingIsDifferentiable() {
        Tensor x = randn(1, 3, 4, 2).requiresGrad(true);
        PackedSequence p = SequencePacking.packPaddedSequence(x, new long[] {1, 4, 2}, true, false);
        p.data().sum().backward();
        float[] g = x.grad().toFloatArray();
        int[] lengths = {1, 4, 2};
        for (int b = 0; b < 3; b++)
            for (int t = 0; t < 4; t++)
                for (int f = 0; f < 2; f++) assertEquals(t < lengths[b] ? 1f : 0f, g[(b * 4 + t) * 2 + f]);
    }

    @Test void badLengthsAreRefusedWithPyTorchsMessages() {
        Tensor x = Tensor.zeros(3, 2, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> SequencePacking.packPaddedSequence(x, new long[] {2, 3}, false, true));
        assertTrue(e.getMessage().startsWith("pack_padded_sequence: `lengths` array must be sorted in decreasing order"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SequencePacking.packPaddedSequence(x, new long[] {2, 0}, false, false));
        assertTrue(e.getMessage().startsWith("pack_padded_sequence: Length of all samples has to be greater than 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SequencePacking.packPaddedSequence(x, new long[] {2}, false, false));
        assertEquals("pack_padded_sequence: Expected `len(lengths)` to be equal to batch_size, but got 1 (batch_size=2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SequencePacking.packPaddedSequence(x, new long[] {4, 1}, false, false));
        assertEquals("pack_padded_sequence: a length of 4 exceeds the input's 3 steps (input [3, 2, 1], batch_first=False)", e.getMessage());
        PackedSequence p = SequencePacking.packPaddedSequence(x, new long[] {3, 1}, false, true);
        e = assertThrows(IllegalArgumentException.class, () -> SequencePacking.padPackedSequence(p, false, 0f, 2));
        assertEquals("pad_packed_sequence: Expected total_length to be at least the length of the longest sequence in input, but got "
                + "total_length=2 and max sequence length being 3", e.getMessage());
    }

    @Test void aPackedLstmEqualsRunningEachSequenceAlone() {
        LSTM m = LSTM.builder(3, 4).numLayers(2).bidirectional(true).batchFirst(true).generator(new Generator(5)).build();
        checkAgainstLoop(m, new long[] {2, 5, 1, 4}, true, false);
    }

    @Test void aPackedGruWithSortedLengthsEqualsRunningEachSequenceAlone() {
        GRU m = GRU.builder(2, 3).bidirectional(true).generator(new Generator(6)).build();
        checkAgainstLoop(m, new long[] {4, 3, 3, 1}, false, true);
    }

    private static void checkAgainstLoop(RNNBase m, long[] lengths, boolean withStates, boolean enforceSorted) {
        int b = lengths.length, steps = 5, in = m.inputSize, states = m.numLayers * m.directions();
        Tensor x = randn(10, b, steps, in).requiresGrad(true);      // batch first
        Tensor h0 = withStates ? randn(11, states, b, m.stateSize()) : null, c0 = withStates ? randn(12, states, b, m.hiddenSize) : null;
        PackedSequence packed = SequencePacking.packPaddedSequence(x, lengths, true, enforceSorted);
        RNNBase.PackedOutput out = withStates ? m.forward(packed, h0, c0) : m.forward(packed);
        var padded = SequencePacking.padPackedSequence(out.output(), true, 0f, steps);
        padded.output().square().sum().backward();
        Tensor packedGrad = x.grad();
        for (int i = 0; i < b; i++) {
            int len = (int) lengths[i];
            Tensor xi = x.detach().select(0, i).narrow(0, 0, len).contiguous().requiresGrad(true);
            Tensor[] alone = withStates
                    ? m.forwardOutputs(xi, h0.select(1, i).contiguous(), c0.select(1, i).contiguous())
                    : m.forwardOutputs(xi);       // unbatched (L, in)
            Tensor yi = padded.output().select(0, i);
            assertArrayEquals(alone[0].toFloatArray(), yi.narrow(0, 0, len).toFloatArray(), 1e-5f, "output of sequence " + i);
            for (float v : yi.narrow(0, len, steps - len).toFloatArray()) assertEquals(0f, v);
            assertArrayEquals(alone[1].toFloatArray(), out.hN().select(1, i).toFloatArray(), 1e-5f, "h_n of sequence " + i);
            if (out.cN() != null) assertArrayEquals(alone[2].toFloatArray(), out.cN().select(1, i).toFloatArray(), 1e-5f, "c_n of " + i);
            alone[0].square().sum().backward();
            assertArrayEquals(xi.grad().toFloatArray(), packedGrad.select(0, i).narrow(0, 0, len).toFloatArray(), 1e-5f, "grad of " + i);
        }
        assertArrayEquals(new long[] {lengths.length}, new long[] {out.hN().size(1)});
        assertArrayEquals(packed.batchSizes().toLongArray(), out.output().batchSizes().toLongArray());
    }
}
