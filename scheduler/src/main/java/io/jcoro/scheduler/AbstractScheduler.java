package io.jcoro.scheduler;

import io.jcoro.Promise;
import io.jcoro.SuspendableCallable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What both schedulers share: spawning, the set of unfinished tasks, blockOn, the close sequence,
 * counters and the blocked-task watchdog. Subclasses provide the threads: {@link #dispatch},
 * {@link #schedule}, and stopping.
 */
abstract class AbstractScheduler implements Scheduler {
    private static final int OPEN = 0, CLOSING = 1, CLOSED = 2;
    private static final VarHandle LIFECYCLE;

    static {
        try {
            LIFECYCLE = MethodHandles.lookup().findVarHandle(AbstractScheduler.class, "lifecycle", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final SchedulerBuilder.Settings settings;
    /** Every time read of the scheduler, its timers and its tasks' sleeps, timeouts and intervals. */
    final Clock clock;
    final Counters counters = new Counters();
    final UnobservedFailures unobservedFailures;
    private final BlockedTaskWatchdog watchdog;
    private final UnfinishedTasks unfinished = new UnfinishedTasks();
    private final AtomicLong taskIds = new AtomicLong();
    private final CountDownLatch drained = new CountDownLatch(1);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile int lifecycle = OPEN;
    /**
     * The pool of {@link Coroutines#blocking}, made on first use (see {@link #blockingPool()}). Written
     * only under {@link #blockingPoolLock}; read without it (volatile) on the fast path.
     */
    private volatile BlockingPool blockingPool;
    /** Guards making the blocking pool and shutting it down; held for O(1) work only. */
    private final Object blockingPoolLock = new Object();
    private boolean blockingPoolShut; // guarded by blockingPoolLock

    AbstractScheduler(SchedulerBuilder.Settings settings) {
        this.settings = settings;
        this.clock = settings.clock();
        this.unobservedFailures = new UnobservedFailures(settings.unobservedFailureHandler());
        Duration threshold = settings.blockedThreshold();
        this.watchdog = threshold.isZero() ? null
                : new BlockedTaskWatchdog(settings.name(), threshold, settings.blockedReporter(), counters);
        CoroutineDump.opened(this);
    }

    // ---------------------------------------------------------------- what subclasses provide

    /** Puts a task on the run queue; any thread. */
    abstract void dispatch(CoroutineTask<?> task);

    /**
     * Runs {@code action} once {@code delayNanos} have passed on the scheduler's {@link #clock}, on a
     * scheduler thread (or the timer thread); any thread.
     */
    abstract TimerHandle schedule(long delayNanos, Runnable action);

    /** Whether {@code t} is one of this scheduler's threads. */
    abstract boolean isOwnThread(Thread t);

    /** The run slot of {@code t} when it is one of this scheduler's task-running threads, else null. */
    abstract RunSlot slotOf(Thread t);

    /** Stops the threads after the close sequence and waits for them; never on an own thread. */
    abstract void stopThreads(boolean drainedInTime);

    /**
     * Waits up to {@code nanos} (real time) until every task has ended after close() cancelled them;
     * true when they all did. A {@link TestScheduler} runs its tasks meanwhile, on the closing thread.
     */
    boolean awaitDrained(long nanos) {
        return awaitUninterruptibly(drained, nanos);
    }

    /** Whether close() began and every task has ended since. */
    boolean isDrained() {
        return drained.getCount() == 0;
    }

    /**
     * The running task starts waiting for work outside the scheduler that it knows of (a blocking
     * call): a {@link TestScheduler} does not move its virtual clock until {@link #outsideEnded}.
     * Called on the task's thread; the other schedulers ignore it.
     */
    void outsideBegan() {}

    /** The wait that {@link #outsideBegan} announced ended (on the task's thread). */
    void outsideEnded() {}

    /** Whether the blocked-task detector runs; without it no run slot is kept up to date. */
    boolean watched() {
        return watchdog != null;
    }

    void watch(RunSlot slot) {
        if (watchdog != null) {
            watchdog.add(slot);
        }
    }

    void unwatch(RunSlot slot) {
        if (watchdog != null) {
            watchdog.remove(slot);
        }
    }

    // ---------------------------------------------------------------- Scheduler

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public SchedulerStats stats() {
        return counters.snapshot();
    }

    @Override
    public <T> Task<T> spawn(SuspendableCallable<T> body) {
        return start(newTask(body));
    }

    /**
     * Spawns {@code body} as a child of {@code scope} (a {@link Coroutines#scope} of the calling task,
     * which is its owner's running code): adopted by the scope before it is queued, so before it can end.
     */
    <T> Task<T> spawnChild(SuspendableCallable<T> body, StructuredScope scope) {
        CoroutineTask<T> task = newTask(body, scope);
        scope.adopt(task);
        return start(task);
    }

    private <T> CoroutineTask<T> newTask(SuspendableCallable<T> body) {
        return newTask(body, null);
    }

    /**
     * A new task, counted as unfinished, not yet queued ({@link #start}), a child of {@code scope} (or
     * none), with a snapshot of the spawner's {@link TaskLocal} bindings (written before the queue
     * publishes the task to the thread that runs it).
     */
    private <T> CoroutineTask<T> newTask(SuspendableCallable<T> body, StructuredScope scope) {
        Objects.requireNonNull(body, "body");
        if (lifecycle != OPEN) {
            throw rejected();
        }
        long id = taskIds.incrementAndGet();
        CoroutineTask<T> task = new CoroutineTask<>(this, id, body, scope);
        task.locals = TaskLocal.bindingsHere();
        unfinished.add(task);
        if (lifecycle != OPEN) { // close() began meanwhile and may not have seen this task
            task.abandon("spawned while the scheduler closed");
            unfinished.remove(task);
            signalIfDrained();
            throw rejected();
        }
        counters.spawned.increment();
        return task;
    }

    private <T> CoroutineTask<T> start(CoroutineTask<T> task) {
        dispatch(task);
        return task;
    }

    @Override
    public <T> T blockOn(SuspendableCallable<T> body) throws Exception {
        if (isOwnThread(Thread.currentThread())) {
            throw new IllegalStateException("blockOn called on " + Thread.currentThread().getName() + ", a thread of "
                    + "scheduler " + name() + ": waiting there would deadlock the scheduler; inside a coroutine, use "
                    + "Async.await(scheduler.spawn(body).promise()) instead");
        }
        CoroutineTask<T> task = newTask(body);
        Promise<T> p = task.promise(); // before the task can run: its failure is observed, never reported
        start(task);
        CountDownLatch done = new CountDownLatch(1);
        p.whenComplete((v, e) -> done.countDown());
        try {
            done.await();
        } catch (InterruptedException e) {
            task.cancel();
            throw e;
        }
        if (p.isFailed()) {
            Throwable failure = p.exceptionNow();
            AsyncTraces.attachBlockOnCaller(failure, "blockOn on thread " + Thread.currentThread().getName());
            throw Sneaky.<Exception>rethrow(failure);
        }
        return p.resultNow();
    }

    /**
     * Cancels unfinished tasks, lets them finish (up to the close timeout), stops the threads. See
     * {@link Scheduler} for the contract.
     */
    @Override
    public void close() {
        boolean ownThread = isOwnThread(Thread.currentThread());
        if (!LIFECYCLE.compareAndSet(this, OPEN, CLOSING)) {
            if (!ownThread) {
                awaitUninterruptibly(terminated, Long.MAX_VALUE);
            }
            return;
        }
        for (CoroutineTask<?> task : unfinished.snapshot()) {
            task.cancel();
        }
        signalIfDrained();
        if (ownThread) {
            Thread closer = new Thread(this::finishClose, name() + "-closer");
            closer.setDaemon(true);
            closer.start();
        } else {
            finishClose();
        }
    }

    private void finishClose() {
        boolean inTime = awaitDrained(settings.closeTimeout().toNanos());
        if (!inTime) {
            for (CoroutineTask<?> task : unfinished.snapshot()) {
                task.abandon("it did not finish within the close timeout of " + settings.closeTimeout().toMillis()
                        + " ms after its cancellation");
            }
            unfinished.clear();
        }
        shutDownBlockingPool(); // every task has ended or been abandoned: no new blocking calls are awaited
        stopThreads(inTime);
        if (watchdog != null) {
            watchdog.stop();
        }
        unobservedFailures.reportAll(); // every task has ended (or been abandoned, which reports nothing)
        lifecycle = CLOSED;
        CoroutineDump.closed(this);
        terminated.countDown();
    }

    @Override
    public List<CoroutineInfo> coroutines() {
        return CoroutineDump.snapshot(unfinishedTasks());
    }

    /** The unfinished tasks, in the order they were spawned. */
    List<CoroutineTask<?>> unfinishedTasks() {
        return unfinished.snapshot();
    }

    // ---------------------------------------------------------------- blocking pool

    /**
     * The scheduler's blocking pool, made on the first call. Making it and {@link #shutDownBlockingPool}
     * hold the same lock, so a pool made is always shut down by close, and none is made after.
     *
     * @throws RejectedExecutionException once the scheduler's close has shut the pool down
     */
    BlockingPool blockingPool() {
        BlockingPool pool = blockingPool;
        if (pool != null) {
            return pool;
        }
        synchronized (blockingPoolLock) {
            if (blockingPoolShut) {
                throw new RejectedExecutionException("scheduler " + name() + " is closed: no more blocking calls");
            }
            if (blockingPool == null) {
                blockingPool = new BlockingPool(name(), settings.blockingThreads(), BLOCKING_KEEP_ALIVE_NANOS);
            }
            return blockingPool;
        }
    }

    /** How long an idle blocking thread waits for work before it ends. */
    static final long BLOCKING_KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private void shutDownBlockingPool() {
        BlockingPool pool;
        synchronized (blockingPoolLock) {
            blockingPoolShut = true;
            pool = blockingPool;
        }
        if (pool != null) {
            pool.shutdown();
        }
    }

    // ---------------------------------------------------------------- bookkeeping

    void taskFinished(CoroutineTask<?> task) {
        counters.finished.increment();
        unfinished.remove(task);
        signalIfDrained();
    }

    private void signalIfDrained() {
        if (lifecycle != OPEN && unfinished.isEmpty()) {
            drained.countDown();
        }
    }

    boolean isClosing() {
        return lifecycle != OPEN;
    }

    private RejectedExecutionException rejected() {
        return new RejectedExecutionException("scheduler " + name() + " is closed");
    }

    /** Waits up to {@code nanos}; keeps an interrupt pending instead of giving up. */
    static boolean awaitUninterruptibly(CountDownLatch latch, long nanos) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + nanos;
        try {
            while (true) {
                try {
                    long left = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                    return latch.await(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name() + "]";
    }
}
