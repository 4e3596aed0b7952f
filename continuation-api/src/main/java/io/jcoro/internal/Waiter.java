package io.jcoro.internal;

/**
 * The scheduler's side of {@code Async.await}: what a scheduled task lends to the awaits of the
 * coroutine it runs. The API module knows nothing of schedulers: a scheduler's task is the
 * {@link Coroutine} of its coroutine and implements this interface, so an await finds it as the
 * store running on its thread ({@link WovenCalls#currentStore()}); a continuation that a task's body
 * resumes itself has a store of its own, which is not a waiter.
 *
 * <p>Protocol of one await that must suspend, all on the task's own thread:
 * {@link #arm} makes a one-shot wake-up, the token, that the await registers on the promise; whoever
 * wakes the task (the promise's completion, a cancellation, an expired timeout) consumes that token first, so
 * the task is woken at most once per arming. If the await then decides not to suspend after all
 * (a stop was requested meanwhile), {@link #disarm} tells whether a wake-up is still on its way.
 *
 * <p>Internal: public only so that the scheduler module can implement it.
 */
public interface Waiter {
    /** Whether the task must stop at its next suspension point: cancelled, or an enclosing timeout expired. */
    boolean stopRequested();

    /** The exception a suspension point throws once {@link #stopRequested()}: a CancellationException. */
    RuntimeException stopException();

    /**
     * Arranges one wake-up of the task when the promise {@code awaited} settles: returns the listener,
     * the arming's token, that the caller then registers on that promise. Once the arming is consumed or
     * withdrawn, the listener's {@link PromiseListener#withdrawn()} answers {@code true}, so the promise
     * can unlink it. The promise is typed {@code Object} because this package does not import the public
     * one: the task only keeps it, to show in a dump what it waits for.
     */
    PromiseListener arm(Object awaited);

    /**
     * Arms the task's one wake-up with {@code token}, an object of the caller's that it may reuse
     * from one wait to the next (a synchronization primitive's wake-up signal), instead of a new
     * listener on a promise. Whoever wakes the task consumes the arming with {@link #disarm} and, when
     * that returned true, calls {@link #wakeDisarmed}. The caller must not reuse the token while a
     * waker of an earlier arming with it may still call {@code disarm} (the token's identity is all
     * that tells the waits apart).
     */
    void armToken(Object token);

    /**
     * Consumes the arming made with {@code armed} (a listener from {@link #arm}, or a token given to
     * {@link #armToken}): {@code true} for the one caller whose compare-and-set won, {@code false} when
     * the arming was consumed already (a wake-up for it was issued and will come) or is another's.
     */
    boolean disarm(Object armed);

    /** Wakes the task, after this thread's {@link #disarm} of the task's token won. Any thread. */
    void wakeDisarmed();

    /** Counts a resume that found nothing to do (should never happen: a scheduler wakes exactly once). */
    void spuriousResume();
}
