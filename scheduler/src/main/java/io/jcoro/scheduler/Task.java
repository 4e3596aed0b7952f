package io.jcoro.scheduler;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.Suspendable;

/**
 * A coroutine running on a {@link Scheduler}. A task spawned inside a {@link Coroutines#scope} is a child
 * of the task that runs the scope: see there for what that changes.
 */
public interface Task<T> {
    /**
     * Settles when the task ends: with the body's value, with the exception the body threw, or with a
     * {@link java.util.concurrent.CancellationException} when the task was cancelled. Made on the first
     * call; the same promise after.
     *
     * <p>Asking for it observes the task's failure, before or after the task ended: a failure whose
     * promise nobody asked for while the task could still be reached, or before the scheduler closed, is
     * reported to the scheduler's {@link UnobservedFailureHandler}.
     */
    Promise<T> promise();

    /**
     * Requests cooperative cancellation. The task's pending await (or its next await that would
     * suspend, its next {@code sleep} or {@code yieldNow}) throws
     * {@link java.util.concurrent.CancellationException} inside the coroutine, so its finally blocks
     * run; a task not started yet never runs its body. Whatever the body then does, the task's promise
     * fails with {@code CancellationException}.
     *
     * @return {@code true} when this call cancelled the task; {@code false} when the task had
     *     already finished or been cancelled. {@code true} means the promise fails with
     *     {@code CancellationException}.
     */
    boolean cancel();

    /** Whether {@link #cancel()} succeeded on this task. */
    boolean isCancelled();

    /**
     * Whether the task has finished: its outcome is decided (its body ended, or its cancellation or
     * {@code close()} decided it), so its promise is settled or about to be. True from the moment the
     * promise settles, whoever settles it.
     */
    boolean isDone();

    /**
     * Waits until the task has ended, however it ended: suspends a coroutine, blocks a plain thread (as
     * {@link Async#await} does). Never throws the task's failure, and does not observe it: a failure that
     * nobody else observes is still reported (see {@link UnobservedFailureHandler}); use {@link #await()}
     * to get it.
     *
     * @throws java.util.concurrent.CancellationException only when the caller itself is cancelled (or
     *     its {@code withTimeout} runs out) while it waits
     */
    @Suspendable
    void join();

    /**
     * Waits for the task and returns its value, or throws its failure as it is (a
     * {@link java.util.concurrent.CancellationException} when it was cancelled): {@code Async.await(promise())},
     * so it observes the failure. Throws {@code CancellationException} too when the caller is cancelled
     * while it waits.
     */
    @Suspendable
    default T await() {
        return Async.await(promise());
    }
}
