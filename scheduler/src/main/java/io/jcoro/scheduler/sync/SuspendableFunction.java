package io.jcoro.scheduler.sync;

import io.jcoro.Suspendable;

/** A computation on one value that may suspend (a {@link Select} branch that receives a value). */
@FunctionalInterface
public interface SuspendableFunction<T, R> {
    @Suspendable
    R apply(T value) throws Exception;
}
