package io.jcoro.scheduler;

import io.jcoro.Async;
import io.jcoro.Continuation;
import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.SuspendableCallable;
import java.time.Duration;
import java.util.Objects;

/**
 * Suspending helpers for code running in a coroutine on a {@link Scheduler}.
 *
 * <p>Cancellation is cooperative: it is observed where a task suspends. In a cancelled task (or in
 * the body of a {@link #withTimeout} whose time ran out) {@link #sleep}, {@link #yieldNow} and every
 * {@link Async#await} that would suspend throw {@link java.util.concurrent.CancellationException};
 * an await on a promise that has settled still returns its value.
 */
public final class Coroutines {
    private Coroutines() {}

    /**
     * Suspends the running task for {@code d}; a timer of its scheduler resumes it. Outside a
     * scheduled task it waits as {@link Async#await} does: it blocks a plain thread, and suspends a
     * plain continuation (each resume checks whether the time is up).
     */
    @Suspendable
    public static void sleep(Duration d) {
        long nanos = nanos(d);
        CoroutineTask<?> task = CoroutineTask.current();
        if (task == null) {
            Async.await(FallbackTimer.after(nanos));
            return;
        }
        if (task.stopRequested()) {
            // a cancelled task's sleep throws even when its timer could fire before the await below
            throw task.stopException();
        }
        Promise<Void> elapsed = Promise.create();
        TimerHandle timer = task.scheduler().schedule(nanos, () -> elapsed.complete(null));
        try {
            Async.await(elapsed);
        } finally {
            timer.cancel();
        }
    }

    /**
     * Lets the other queued tasks run: the running task goes to the back of its scheduler's queue.
     * Outside a scheduled task: suspends a plain continuation, or calls {@link Thread#yield()}.
     */
    @Suspendable
    public static void yieldNow() {
        CoroutineTask<?> task = CoroutineTask.current();
        if (task == null) {
            if (Continuation.current() != null) {
                Continuation.suspend();
            } else {
                Thread.yield();
            }
            return;
        }
        if (task.stopRequested()) {
            throw task.stopException();
        }
        task.wakeSelf();
        Continuation.suspend();
        if (task.stopRequested()) {
            throw task.stopException();
        }
    }

    /**
     * Runs {@code body} in the calling coroutine with a time limit. When {@code d} runs out first,
     * the body is cancelled: its pending (or next suspending) await throws
     * {@link java.util.concurrent.CancellationException}, its finally blocks run, and when it has
     * ended this method throws {@link TimeoutException} (with what the body threw as the cause). A
     * body that finishes in time returns its value or throws its exception as it is, checked
     * exceptions included. If the task itself is cancelled meanwhile, the body's
     * {@code CancellationException} propagates instead.
     *
     * @throws IllegalStateException outside a coroutine running on a scheduler
     */
    @Suspendable
    public static <T> T withTimeout(Duration d, SuspendableCallable<T> body) {
        long nanos = nanos(d);
        Objects.requireNonNull(body, "body");
        CoroutineTask<?> task = CoroutineTask.current();
        if (task == null) {
            throw new IllegalStateException("withTimeout needs a coroutine running on a Scheduler");
        }
        CoroutineTask.TimeoutScope scope = task.openScope(d);
        TimerHandle timer = task.scheduler().schedule(nanos, scope);
        try {
            return body.call();
        } catch (Throwable t) {
            if (scope.expired && !task.isCancelled()) {
                throw new TimeoutException(d, t);
            }
            throw Sneaky.<RuntimeException>rethrow(t);
        } finally {
            timer.cancel();
            task.closeScope(scope);
        }
    }

    /**
     * An {@link Interval} that ticks every {@code period}, its first tick at once; late ticks are
     * caught up in a burst ({@link MissedTickBehavior#BURST}, Tokio's default).
     *
     * @throws IllegalArgumentException when {@code period} is not positive
     */
    public static Interval interval(Duration period) {
        return new Interval(period, MissedTickBehavior.BURST);
    }

    /**
     * An {@link Interval} that ticks every {@code period}, its first tick at once, and treats late
     * ticks as {@code behavior} says.
     *
     * @throws IllegalArgumentException when {@code period} is not positive
     */
    public static Interval interval(Duration period, MissedTickBehavior behavior) {
        return new Interval(period, behavior);
    }

    /**
     * Spawns {@code body} on the scheduler that runs the calling code.
     *
     * @throws IllegalStateException when the calling thread belongs to no scheduler
     */
    public static <T> Task<T> spawn(SuspendableCallable<T> body) {
        AbstractScheduler scheduler = SchedulerThread.current();
        if (scheduler == null) {
            throw new IllegalStateException("Coroutines.spawn called on " + Thread.currentThread().getName()
                    + ", which belongs to no scheduler; call Scheduler.spawn on a scheduler instead");
        }
        return scheduler.spawn(body);
    }

    private static long nanos(Duration d) {
        Objects.requireNonNull(d, "duration");
        if (d.isNegative()) {
            return 0;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }
}
