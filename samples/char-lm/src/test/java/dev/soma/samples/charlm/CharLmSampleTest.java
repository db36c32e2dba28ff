package dev.soma.samples.charlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class CharLmSampleTest {
    // about 10 s, most of it the JIT warming the vector kernels up
    @Tag("slow")
    @Test
    void trainingDrivesTheLossWellBelowTheUniformGuessAndGenerationUsesTheVocabulary() {
        String text = "the cat sat on the mat. the dog sat on the log. ".repeat(40);
        CharLmSample.Result r = CharLmSample.run(text, "the ", 12, 120, 0.5, 1, 64, false);
        double uniform = Math.log(r.vocabulary().size());
        double last = r.epochLosses().get(r.epochLosses().size() - 1);
        assertTrue(last < 0.4 * uniform, "final loss " + last + " against ln(vocab) = " + uniform + "; losses " + r.epochLosses());
        assertTrue(last < r.epochLosses().get(0), "the loss falls: " + r.epochLosses());
        assertEquals(120, r.generated().length());
        for (char c : r.generated().toCharArray()) assertTrue(r.vocabulary().chars().indexOf(c) >= 0, "'" + c + "' is not in the text");
    }

    @Test
    void argumentsKeepQuotedSpacesAndPromptsMustComeFromTheText() {
        assertEquals(List.of("--text", "a b.txt", "--prompt", "Soma "), CharLmSample.tokens(new String[] {"--text 'a b.txt' --prompt \"Soma \""}));
        assertEquals(List.of(), CharLmSample.tokens(new String[] {""}));
        var e = assertThrows(IllegalArgumentException.class, () -> CharLmSample.run("abc".repeat(40), "xyz", 1, 5, 1.0, 0, 8, false));
        assertEquals("the character 'x' does not occur in the training text", e.getMessage());
    }
}
