package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.Warnings;
import dev.soma.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** PyTorch's broadcast warning for element-wise losses, and loss errors that start with the loss's name. */
class LossMessagesTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream previous;

    @BeforeEach
    void capture() {
        Warnings.reset();
        previous = Warnings.output(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() { Warnings.output(previous); }

    private String warnings() { return captured.toString(StandardCharsets.UTF_8); }

    private static Tensor column(float... v) { return Tensor.of(v, v.length, 1); }

    @Test
    void mseOfAColumnAgainstAVectorWarnsOnceAndBroadcastsAsPyTorch() {
        Tensor input = column(1, 2), target = Tensor.of(1f, 3f);
        // (2, 1) − (2) is (2, 2): [[0, −2], [1, −1]], squared and averaged: (0 + 4 + 1 + 1) / 4.
        assertEquals(1.5f, new MSELoss().forward(input, target).item(), 0f);
        assertEquals("WARNING: mse_loss: Using a target size [2] that is different to the input size [2, 1]. This will likely lead to "
                + "incorrect results due to broadcasting. Please ensure they have the same size.\n", warnings().replace("\r\n", "\n"));
        new MSELoss().forward(input, target);
        Functional.mseLoss(column(5), Tensor.of(1f, 2f, 3f), Reduction.MEAN);
        assertEquals(1, warnings().split("WARNING", -1).length - 1, warnings());
    }

    @Test
    void eachElementWiseLossWarnsOnItsOwn() {
        Tensor input = column(1, 2), target = Tensor.of(1f, 3f);
        new L1Loss().forward(input, target);
        new SmoothL1Loss().forward(input, target);
        new HuberLoss().forward(input, target);
        String w = warnings();
        for (String op : new String[] {"l1_loss", "smooth_l1_loss", "huber_loss"})
            assertTrue(w.contains("WARNING: " + op + ": Using a target size [2] that is different to the input size [2, 1]"), w);
        assertEquals(3, w.split("WARNING", -1).length - 1, w);
    }

    @Test
    void sameShapesOrNonElementWiseLossesDoNotWarn() {
        new MSELoss().forward(Tensor.of(1f, 2f), Tensor.of(1f, 3f));
        new SoftMarginLoss().forward(column(1, 2), Tensor.of(1f, -1f));
        assertEquals("", warnings());
    }

    static Stream<Arguments> failingLosses() {
        Tensor x23 = Tensor.of(new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}, 2, 3), x22 = Tensor.of(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 2, 2);
        Tensor labels = Tensor.ofLongs(new long[] {0, 1, 2}, 3);
        return Stream.of(
                Arguments.of("mse_loss", (Supplier<Tensor>) () -> new MSELoss().forward(x23, x22)),
                Arguments.of("l1_loss", (Supplier<Tensor>) () -> new L1Loss().forward(x23, x22)),
                Arguments.of("smooth_l1_loss", (Supplier<Tensor>) () -> new SmoothL1Loss().forward(x23, x22)),
                Arguments.of("huber_loss", (Supplier<Tensor>) () -> new HuberLoss().forward(x23, x22)),
                Arguments.of("binary_cross_entropy", (Supplier<Tensor>) () -> new BCELoss().forward(x23, x22)),
                Arguments.of("binary_cross_entropy_with_logits", (Supplier<Tensor>) () -> new BCEWithLogitsLoss(null, Tensor.of(1f, 2f),
                        Reduction.MEAN).forward(x23, x23)),
                Arguments.of("cross_entropy", (Supplier<Tensor>) () -> new CrossEntropyLoss().forward(x23, labels)),
                Arguments.of("nll_loss", (Supplier<Tensor>) () -> new NLLLoss().forward(x23, labels)),
                Arguments.of("multi_margin_loss", (Supplier<Tensor>) () -> new MultiMarginLoss().forward(x23, labels)),
                Arguments.of("kl_div", (Supplier<Tensor>) () -> new KLDivLoss().forward(x23, x22)),
                Arguments.of("hinge_embedding_loss", (Supplier<Tensor>) () -> new HingeEmbeddingLoss().forward(x23, x22)),
                Arguments.of("soft_margin_loss", (Supplier<Tensor>) () -> new SoftMarginLoss().forward(x23, x22)),
                Arguments.of("margin_ranking_loss", (Supplier<Tensor>) () -> new MarginRankingLoss().forward(x23, x22, x23)),
                Arguments.of("cosine_embedding_loss", (Supplier<Tensor>) () -> new CosineEmbeddingLoss().forward(x23, x22, x23)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failingLosses")
    void everyLossErrorStartsWithTheLossName(String name, Supplier<Tensor> call) {
        var e = assertThrows(IllegalArgumentException.class, call::get);
        assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
    }

    @Test
    void aBroadcastFailureNamesBothShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Functional.mseLoss(Tensor.zeros(4, 3), Tensor.zeros(4, 2), Reduction.MEAN));
        assertTrue(e.getMessage().startsWith("mse_loss: input of shape [4, 3] and target of shape [4, 2] do not broadcast"), e.getMessage());
    }
}
