package io.jcoro;

import io.jcoro.internal.RunnableBody;

/** A body of work that may suspend; the body of a {@link Continuation}. */
@FunctionalInterface
public interface SuspendableRunnable extends RunnableBody {
    @Override
    @Suspendable
    void run();
}
