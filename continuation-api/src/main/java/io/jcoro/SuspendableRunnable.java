package io.jcoro;

/** A body of work that may suspend; the body of a {@link Continuation}. */
@FunctionalInterface
public interface SuspendableRunnable {
    @Suspendable
    void run();
}
