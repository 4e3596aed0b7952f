package io.jcoro.scheduler;

import io.jcoro.Promise;

/** A coroutine running on a {@link Scheduler}. */
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
}
