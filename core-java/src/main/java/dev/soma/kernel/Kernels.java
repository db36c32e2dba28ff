package dev.soma.kernel;

/**
 * The implementations chosen once at start-up: the Vector-API classes when the JVM has jdk.incubator.vector in
 * its boot layer (and -Dsoma.vector is not false), else the plain-Java ones. The vector classes are named only
 * here, by reflection, so their absence cannot break class loading.
 */
public final class Kernels {
    private Kernels() {}

    static final boolean VECTOR_PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    static final boolean VECTOR_WANTED = !"false".equalsIgnoreCase(System.getProperty("soma.vector"));

    static final FloatKernel SCALAR_FLOAT = new ScalarFloatKernel();
    static final FloatKernel VECTOR_FLOAT = load("dev.soma.kernel.VectorFloatKernel", FloatKernel.class);
    /** The element kernel every dispatcher uses. */
    static final FloatKernel FLOAT = VECTOR_WANTED && VECTOR_FLOAT != null ? VECTOR_FLOAT : SCALAR_FLOAT;

    /** Printed once when the kernels fall back to plain loops because the JVM lacks the module (not when -Dsoma.vector=false asks for them). */
    static final String VECTOR_ABSENT = "Soma runs without the Vector API (the JVM has no jdk.incubator.vector), on plain loops several "
            + "times slower: start the JVM with --add-modules jdk.incubator.vector (a run configuration's VM options, Maven exec's "
            + "or Surefire's argLine, a notebook kernel's JVM options); -Dsoma.vector=false silences this.";

    static {
        if (VECTOR_WANTED && !VECTOR_PRESENT) dev.soma.Warnings.once("vector", VECTOR_ABSENT);
    }

    /** An instance of the named vector class, or null when the module is absent or the class fails to load. */
    static <T> T load(String className, Class<T> type) {
        if (!VECTOR_PRESENT) return null;
        try {
            return type.cast(Class.forName(className).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
