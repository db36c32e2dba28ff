package dev.soma.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.TensorDataset;
import dev.soma.nn.Module;
import dev.soma.tensor.DType;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Small seeded data, model copies and weight comparisons shared by the Spark tests. */
final class Fixtures {
    private Fixtures() {}

    /** A quiet local Spark context: {@code master} like "local[2,2]" (2 threads, a failed task tried twice). */
    static JavaSparkContext context(String master) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("soma-spark-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1").set("spark.sql.shuffle.partitions", "4");
        JavaSparkContext sc = new JavaSparkContext(conf);
        sc.setLogLevel("ERROR");
        return sc;
    }

    /** n samples of {@code features} normal features and a class in [0, classes), drawn from {@code seed}. */
    static TensorDataset data(int n, int features, int classes, long seed) {
        Generator g = new Generator(seed);
        Tensor x = Tensor.randn(g, n, features);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) y[i] = (int) g.nextLong(classes);
        return new TensorDataset(x, Tensor.adopt(y, DType.INT64, n));
    }

    /** {@code copy} with {@code source}'s weights and buffers. */
    static <M extends Module> M sameWeights(M copy, Module source) {
        Map<String, Tensor> sd = source.stateDict();
        Map<String, Tensor> fresh = new java.util.LinkedHashMap<>();
        sd.forEach((k, v) -> fresh.put(k, v.contiguousCopy()));
        copy.loadStateDict(fresh, true);
        return copy;
    }

    /** Every state-dict entry of {@code actual} within {@code rel}·max(1, max|expected|) of {@code expected}. */
    static void assertClose(Module expected, Module actual, double rel) {
        Map<String, Tensor> e = expected.stateDict(), a = actual.stateDict();
        assertArrayEquals(e.keySet().toArray(), a.keySet().toArray());
        for (String k : e.keySet()) {
            float[] x = e.get(k).toFloatArray(), y = a.get(k).toFloatArray();
            double scale = 1, worst = 0;
            for (float v : x) scale = Math.max(scale, Math.abs(v));
            for (int i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
            assertTrue(worst <= rel * scale, k + ": differs by " + worst + " (scale " + scale + ", allowed " + rel * scale + ")");
        }
    }

    /** Whether two modules' state dicts are equal bit for bit. */
    static boolean identical(Module a, Module b) {
        Map<String, Tensor> x = a.stateDict(), y = b.stateDict();
        for (String k : x.keySet()) if (!java.util.Arrays.equals(x.get(k).toFloatArray(), y.get(k).toFloatArray())) return false;
        return true;
    }
}
