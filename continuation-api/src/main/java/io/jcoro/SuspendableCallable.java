package io.jcoro;

/** A computation that may suspend and returns a value (or throws). */
@FunctionalInterface
public interface SuspendableCallable<T> {
    @Suspendable
    T call() throws Exception;
}
