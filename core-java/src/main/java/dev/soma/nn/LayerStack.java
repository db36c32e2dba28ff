package dev.soma.nn;


/**
 * Shape rule and MAC count of a stack of layers with an optional final norm, as TransformerEncoder and
 * TransformerDecoder are: the running shape goes through each layer, and every layer also sees the same extra
 * input shapes (the decoder's memory).
 */
final class LayerStack {
    private LayerStack() {}

    static int[] outputShape(Iterable<Module> layers, Module norm, int[] x, int[]... extra) {
        for (Module layer : layers) x = layer.outputShape(withExtra(x, extra));
        return norm == null ? x : norm.outputShape(x);
    }

    /** The layers' MACs and the norm's (a LayerNorm counts none). */
    static long macs(Iterable<Module> layers, Module norm, int[] x, int[]... extra) {
        long total = 0;
        for (Module layer : layers) {
            int[][] shapes = withExtra(x, extra);
            total += layer.macs(shapes);
            x = layer.outputShape(shapes);
        }
        return total + (norm == null ? 0 : norm.macs(x));
    }

    private static int[][] withExtra(int[] x, int[][] extra) {
        int[][] shapes = new int[extra.length + 1][];
        shapes[0] = x;
        System.arraycopy(extra, 0, shapes, 1, extra.length);
        return shapes;
    }
}
