package io.jcoro.internal;

/**
 * The body of a {@code new Continuation(body)} as the runtime holds and calls it ({@link BodyCoroutine}).
 * It exists only so that this package need not import the public {@code io.jcoro.SuspendableRunnable},
 * which extends it and redeclares {@code run()} as {@code @Suspendable}: bodies are written against
 * that interface, so the weaver sees their lambdas and classes as suspendable.
 */
@FunctionalInterface
public interface RunnableBody {
    void run();
}
