package dev.soma.spark;

/** The data-parallel contract on four local workers (the last batch of 5 gives them 2, 1, 1, 1), each failed task tried twice. */
class DataParallelLocal4Test extends DataParallelContract {
    @Override String master() { return "local[4,2]"; }

    @Override int workers() { return 4; }
}
