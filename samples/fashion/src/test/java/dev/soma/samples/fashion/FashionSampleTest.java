package dev.soma.samples.fashion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.Digits;
import dev.soma.data.FashionMnist;
import dev.soma.serialization.ModelFile;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class FashionSampleTest {
    @TempDir Path out;

    @Test
    void theDigitsFallbackTrainsSavesAndReloads() throws Exception {
        FashionMnist.Splits s = Digits.split(0.8, 0);
        FashionSample.Dataset d = new FashionSample.Dataset("digits", s.train(), s.test(), new int[] {64});
        FashionSample.Result r = FashionSample.run(d, 3, out, false);
        assertTrue(r.testAccuracy() > 0.9, "digits test accuracy " + r.testAccuracy());
        assertTrue(Files.size(r.curves()) > 1000 && Files.readString(r.csv()).startsWith("epoch,loss,accuracy,val_loss,val_accuracy"));
        double reloaded = FashionSample.accuracy(ModelFile.loadModel(r.model()), s.test());
        assertEquals(r.testAccuracy(), reloaded, 1e-6, "the saved model evaluates the same");
    }

    @Test
    void anExplicitDataFolderWithoutTheDataIsAnError() throws Exception {
        Path empty = Files.createDirectories(out.resolve("empty"));
        var e = assertThrows(FileNotFoundException.class, () -> FashionSample.dataset(empty));
        assertTrue(e.getMessage().startsWith(empty + " holds no train-images-idx3-ubyte[.gz]"), e.getMessage());
        Path missing = out.resolve("missing");
        e = assertThrows(FileNotFoundException.class, () -> FashionSample.main(new String[] {"--epochs", "1", "--data", missing.toString()}));
        assertTrue(e.getMessage().startsWith(missing + " is not a folder"), e.getMessage());
    }
}
