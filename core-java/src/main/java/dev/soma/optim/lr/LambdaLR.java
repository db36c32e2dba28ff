package dev.soma.optim.lr;

import dev.soma.optim.Optimizer;
import java.util.function.IntToDoubleFunction;

/** lr = base lr × lambda(epoch), one function for all groups (torch LambdaLR). */
public final class LambdaLR extends LRScheduler {
    private final IntToDoubleFunction lrLambda;

    public LambdaLR(Optimizer optimizer, IntToDoubleFunction lrLambda) {
        super(optimizer);
        this.lrLambda = lrLambda;
        initialStep();
    }

    @Override protected double[] chainedLr() {
        double f = lrLambda.applyAsDouble(lastEpoch);
        double[] lr = baseLrs.clone();
        for (int i = 0; i < lr.length; i++) lr[i] *= f;
        return lr;
    }
}
