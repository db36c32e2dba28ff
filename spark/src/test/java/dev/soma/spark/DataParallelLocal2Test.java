package dev.soma.spark;

/** The data-parallel contract on two local workers, each failed task tried twice. */
class DataParallelLocal2Test extends DataParallelContract {
    @Override String master() { return "local[2,2]"; }

    @Override int workers() { return 2; }
}
