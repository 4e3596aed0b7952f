package io.jcoro.scheduler.sync;

import io.jcoro.Suspendable;

/** An action on one value that may suspend (the body of {@link Channel#forEach}). */
@FunctionalInterface
public interface SuspendableConsumer<T> {
    @Suspendable
    void accept(T value) throws Exception;
}
