package io.jcoro;

import io.jcoro.internal.Coroutine;
import io.jcoro.internal.WovenCalls;
import io.jcoro.internal.PromiseListener;
import io.jcoro.internal.Waiter;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * {@code await}: the one way a coroutine waits for a {@link Promise}.
 *
 * <ul>
 *   <li>On a settled promise it returns the value (or throws the failure) at once, without suspending.
 *   <li>In a coroutine run by a scheduler it suspends the coroutine until the promise settles; the
 *       scheduler then resumes it on its own threads, whichever thread completed the promise. When
 *       the task is cancelled (or an enclosing {@code withTimeout} runs out), a pending await, and any
 *       later await that would have to suspend, throws {@link java.util.concurrent.CancellationException}.
 *   <li>In a plain {@link Continuation} with no scheduler it suspends, and each {@code resume()} checks
 *       the promise again (suspending again while it is pending).
 *   <li>Outside any coroutine it blocks the calling thread until the promise settles (like
 *       {@code join()}: an interrupt does not end the wait; the thread's interrupt flag stays set).
 * </ul>
 *
 * <p>A failure is thrown as it is, never wrapped in an {@code ExecutionException} or
 * {@code CompletionException}; a checked exception is thrown too although {@code await} does not
 * declare it (catch it as {@code Exception}).
 */
public final class Async {
    private Async() {}

    @Suspendable
    public static <T> T await(Promise<T> p) {
        Objects.requireNonNull(p, "promise");
        if (p.isDone()) {
            return p.report();
        }
        Coroutine running = WovenCalls.currentStore();
        if (running == null) {
            p.block();
            return p.report();
        }
        if (running instanceof Waiter) { // a scheduler's task (a continuation the task resumes itself is not one)
            armOrStop((Waiter) running, p);
        }
        // Only p is live across the suspension (the waiter is looked up again after it), so a suspended
        // await saves one reference and its header: a million suspended tasks are a million such frames.
        while (true) {
            Continuation.suspend();
            if (p.isDone()) {
                return p.report();
            }
            Coroutine resumed = WovenCalls.currentStore();
            if (resumed instanceof Waiter) {
                rearmOrStop((Waiter) resumed, p);
            } // a plain continuation: each resume checks the promise again
        }
    }

    /**
     * Awaits {@code s} as a {@link Promise}: a {@code CompletionException} is unwrapped to its cause.
     *
     * <p>When the await ends without the stage having settled (the task was cancelled, or an enclosing
     * {@code withTimeout} ran out), nobody will take the stage's result, so the stage is cancelled:
     * {@code s.toCompletableFuture().cancel(true)}, as kotlinx's {@code CompletionStage.await} does.
     * {@code true} because {@code HttpClient.sendAsync}'s future aborts its exchange only then; a
     * {@code CompletableFuture} ignores the flag. A stage whose {@code toCompletableFuture()} is not
     * supported is left alone. To await a stage without cancelling it (one that others share, say),
     * await {@code Promise.from(s)} instead.
     */
    @Suspendable
    public static <T> T await(CompletionStage<T> s) {
        Promise<T> p = Promise.from(s);
        try {
            return await(p);
        } catch (Throwable t) {
            if (!p.isDone()) { // thrown while the stage was pending: the await gave up on it (CancellationException)
                cancel(s);
            }
            throw t;
        }
    }

    private static void cancel(CompletionStage<?> s) {
        try {
            s.toCompletableFuture().cancel(true);
        } catch (UnsupportedOperationException notSupported) {
            // a stage without a future: nothing to cancel
        }
    }

    /**
     * Before a task's await suspends: arms one wake-up on {@code p} (see {@link Waiter}), or throws
     * when the task must stop.
     */
    private static void armOrStop(Waiter waiter, Promise<?> p) {
        if (waiter.stopRequested()) {
            throw waiter.stopException();
        }
        PromiseListener armed = waiter.arm(p);
        p.listen(armed);
        // a stop requested after the check above: if its wake-up did not consume our arming, none
        // is coming, so stop now; otherwise suspend once to receive it
        if (waiter.stopRequested() && waiter.disarm(armed)) {
            p.listenerWithdrawn(); // our node stays on p's stack until p sweeps it
            throw waiter.stopException();
        }
    }

    /** A task resumed while {@code p} is pending: it was woken to stop (throws), or spuriously (arms again). */
    private static void rearmOrStop(Waiter waiter, Promise<?> p) {
        // whoever woke the task consumed the arming, so the node on p is withdrawn: let p sweep it
        p.listenerWithdrawn();
        if (waiter.stopRequested()) {
            throw waiter.stopException();
        }
        waiter.spuriousResume();
        p.listen(waiter.arm(p));
    }
}
