package dev.soma.samples.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.FashionMnist;
import dev.soma.serialization.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionSparkSampleTest {
    @TempDir Path out;

    private static JavaSparkContext context(String master) {
        JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster(master).setAppName("fashion-spark-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
        sc.setLogLevel("ERROR");
        return sc;
    }

    private static Path data() {
        Optional<Path> dir = FashionMnist.locate(null);
        Assumptions.assumeTrue(dir.isPresent(), "Fashion-MNIST is not installed");
        return dir.get();
    }

    /** Each partition loads its own slice: together the slices are the first N images, each once. */
    @Test
    void partitionsLoadDisjointSlicesOfTheTrainingSet() {
        Path dir = data();
        try (JavaSparkContext sc = context("local[2]")) {
            var rdd = FashionSparkSample.trainingSet(sc, dir, 1000);
            assertEquals(2, rdd.getNumPartitions());
            assertEquals(1000, rdd.count());
            assertEquals(1000, rdd.map(s -> java.util.Arrays.hashCode(s.features()) * 31L + s.label()).distinct().count());
            assertEquals(784, rdd.first().features().length);
        }
    }

    @Tag("slow")
    @Test
    void oneEpochOfAThirdOfTheDataOnFourWorkersLearnsAndSavesTheModel() throws Exception {
        Path dir = data();
        try (JavaSparkContext sc = context("local[4]")) {
            FashionSparkSample.Result r = FashionSparkSample.run(sc, dir, 20_000, 1, out.resolve("ckpt").toUri().toString(), out, false);
            assertTrue(r.history().last("val_accuracy") >= 0.78, "test accuracy after 313 steps: " + r.history().last("val_accuracy"));
            assertTrue(Files.exists(out.resolve("ckpt").resolve("checkpoint.safetensors")));
            assertEquals(235_146, ModelFile.loadModel(r.model()).parameterCount());
        }
    }
}
