package io.jcoro.scheduler;

import io.jcoro.Async;
import io.jcoro.Continuation;
import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.SuspendableCallable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

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
     * The clock of the running task's scheduler, in nanoseconds from an arbitrary origin (compare
     * readings by subtraction): {@link System#nanoTime()} on {@link Scheduler#singleThreaded()} and
     * {@link Scheduler#parallel(int)}, the virtual clock on a {@link TestScheduler}. Outside a scheduled
     * task, {@code System.nanoTime()}. {@link #sleep}, {@link #withTimeout} and {@link Interval} measure
     * with this clock.
     */
    public static long nanoTime() {
        CoroutineTask<?> task = CoroutineTask.current();
        return task == null ? System.nanoTime() : task.scheduler().clock.nanoTime();
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
     * Spawns {@code body} on the scheduler that runs the calling code. Inside the body of a
     * {@link #scope} (or {@link #supervisorScope}) of the calling task, the new task is a child of that
     * scope (the innermost one); anywhere else it is on its own, unrelated to the caller. The new task
     * starts with the caller's {@link TaskLocal} bindings.
     *
     * @throws IllegalStateException when the calling thread belongs to no scheduler
     */
    public static <T> Task<T> spawn(SuspendableCallable<T> body) {
        CoroutineTask<?> current = CoroutineTask.current();
        StructuredScope scope = current == null ? null : current.structuredScope();
        if (scope != null) {
            return current.scheduler().spawnChild(body, scope);
        }
        // the running task's scheduler first: a TestScheduler runs its tasks on the thread that drives it
        AbstractScheduler scheduler = current != null ? current.scheduler() : SchedulerThread.current();
        if (scheduler == null) {
            throw new IllegalStateException("Coroutines.spawn called on " + Thread.currentThread().getName()
                    + ", which belongs to no scheduler; call Scheduler.spawn on a scheduler instead");
        }
        return scheduler.spawn(body);
    }

    /**
     * Runs a blocking call (JDBC, file I/O, a legacy client) on its scheduler's blocking pool and
     * suspends the calling coroutine until it returns; the scheduler's threads run other tasks
     * meanwhile. Returns what {@code callable} returned, or throws what it threw as it is, checked
     * exceptions included (like {@link Async#await}).
     *
     * <p>The pool belongs to the scheduler and is made on first use: platform threads (daemon, named
     * {@code {scheduler}-blocking-N}) started on demand up to {@link SchedulerBuilder#blockingThreads}
     * (default 512), ending after 10 s idle; calls beyond the limit wait in FIFO order. The scheduler's
     * {@link Scheduler#close()} shuts the pool down once its tasks have ended.
     *
     * <p>Cancellation works like Kotlin's {@code runInterruptible}: when the task is cancelled, or an
     * enclosing {@link #withTimeout} runs out, while the call is queued or running, the call is cancelled
     * (a queued call never runs; a running one has its thread interrupted) and this method throws
     * {@link java.util.concurrent.CancellationException} at once, without waiting for the call. A call
     * that ignores interrupts runs on to its end, and its result is dropped. A task that is already
     * cancelled does not start the call.
     *
     * <p>Outside a scheduled task (a plain thread, or a plain {@link Continuation}) there is no
     * scheduler whose loop to keep free: the callable simply runs on the calling thread.
     *
     * @throws java.util.concurrent.RejectedExecutionException when the task's scheduler has closed and
     *     shut its pool down (an abandoned task still running)
     */
    @Suspendable
    public static <T> T blocking(Callable<T> callable) {
        Objects.requireNonNull(callable, "callable");
        CoroutineTask<?> task = CoroutineTask.current();
        if (task == null) {
            try {
                return callable.call();
            } catch (Exception e) {
                throw Sneaky.<RuntimeException>rethrow(e);
            }
        }
        if (task.stopRequested()) {
            throw task.stopException(); // a cancelled task starts no call whose result nobody would take
        }
        AbstractScheduler scheduler = task.scheduler();
        BlockingPool.Call<T> call = scheduler.blockingPool().submit(callable);
        Promise<T> result = call.promise;
        scheduler.outsideBegan(); // a TestScheduler's clock waits for the call instead of jumping past it
        try {
            return Async.await(result);
        } catch (Throwable t) {
            if (!result.isDone()) { // the await gave up (a CancellationException): nobody takes the result
                call.cancel(true);
            }
            throw t;
        } finally {
            scheduler.outsideEnded();
        }
    }

    /**
     * Runs {@code body} in the calling task as a scope for the tasks it spawns: every task that
     * {@link #spawn Coroutines.spawn} starts while the body runs (in this task, outside a nested scope) is
     * a child of the scope, and the scope returns only once every child has ended.
     *
     * <ul>
     *   <li>All succeed: returns the body's value, after the last child ended.
     *   <li>The body or a child fails (throws anything but a {@link java.util.concurrent.CancellationException}):
     *       the other children are cancelled, and so is the body if it still runs (its pending or next
     *       await inside the scope throws {@code CancellationException}); once all have ended the scope
     *       throws the first failure, with the later failures attached as suppressed (the cancellations
     *       that the failure caused are not attached). Failures the scope throws are observed: they are
     *       never reported as unobserved (see {@link UnobservedFailureHandler}).
     *   <li>The calling task is cancelled, or a {@link #withTimeout} around the scope runs out: the
     *       children are cancelled, the scope waits for them to end (that wait is not cut short by the
     *       cancellation), then throws the {@code CancellationException}. So cancelling a task cancels the
     *       children of its scopes, and theirs, transitively.
     *   <li>A child that ends with a {@code CancellationException} (it was cancelled) is no failure: the
     *       scope goes on.
     * </ul>
     *
     * <p>A task spawned outside any scope (with {@link Scheduler#spawn}, or with {@code Coroutines.spawn}
     * outside a scope body) is unrelated to its spawner, as before scopes: cancelling the spawner does
     * not cancel it. A child's own spawns are children of the child's scopes, not of this one. A dump
     * ({@link Scheduler#coroutines()}) shows each child's parent.
     *
     * @throws IllegalStateException outside a coroutine running on a scheduler (a scope waits by
     *     suspending its task)
     */
    @Suspendable
    public static <T> T scope(SuspendableCallable<T> body) {
        return structured(body, false, "scope");
    }

    /**
     * A {@link #scope} whose children fail on their own: a child's failure cancels neither its siblings nor
     * the body, and the scope does not throw it. It is the child's own failure, as a task's outside any
     * scope: observe it through the child ({@link Task#await()}, {@link Task#promise()}); if nobody does,
     * it is reported as unobserved (see {@link UnobservedFailureHandler}), as Kotlin's
     * {@code supervisorScope} hands it to the exception handler. The scope still waits for every child;
     * a failure of the body, the task's cancellation or an expired timeout cancels the children as in
     * {@code scope}, and the body's exception is thrown.
     *
     * @throws IllegalStateException outside a coroutine running on a scheduler
     */
    @Suspendable
    public static <T> T supervisorScope(SuspendableCallable<T> body) {
        return structured(body, true, "supervisorScope");
    }

    @Suspendable
    private static <T> T structured(SuspendableCallable<T> body, boolean supervisor, String what) {
        Objects.requireNonNull(body, "body");
        CoroutineTask<?> task = CoroutineTask.current();
        if (task == null) {
            throw new IllegalStateException(what + " needs a coroutine running on a Scheduler (it waits for its "
                    + "children by suspending its task); on a plain thread, use scheduler.blockOn(() -> Coroutines."
                    + what + "(body))");
        }
        return StructuredScope.execute(task, body, supervisor);
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
