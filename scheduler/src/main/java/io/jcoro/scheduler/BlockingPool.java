package io.jcoro.scheduler;

import io.jcoro.Promise;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded, elastic pool of platform threads on which {@link Coroutines#blocking} runs blocking calls
 * (Tokio's blocking pool): one per scheduler, made on first use. A thread is started only when a call
 * arrives and no idle thread is there to take it, up to {@code limit} threads; calls beyond the limit
 * wait in a FIFO queue; a thread idle for {@code keepAliveNanos} ends. Threads are daemon threads named
 * {@code {scheduler}-blocking-N}.
 *
 * <p><b>Shared state and its lock.</b> {@link #queue}, {@link #threads}, {@link #idle}, {@link #shutdown}
 * and {@link #threadNumber} are guarded by {@link #lock}, which is held only for O(1) edits of them: never
 * while a call runs, never while a promise is completed (completing runs listeners). Invariants, under
 * the lock:
 * <ul>
 *   <li>{@code 0 <= idle <= threads <= limit}; {@code idle} counts the workers parked in
 *       {@link #workAvailable} (a worker leaves the count itself, under the lock, when it wakes).
 *   <li>No call is stranded: a call is queued only together with a decision that someone will take it.
 *       {@link #submit} starts a thread when the queue holds more calls than there are idle workers to
 *       wake (and the limit allows); otherwise enough parked workers exist and it signals one. When the
 *       limit is reached, the queued call waits for a running worker, which polls the queue before
 *       parking again.
 *   <li>A worker ends only under the lock, with the queue empty (or after shutdown with the queue
 *       empty), and takes itself out of {@code threads} in the same critical section: a later
 *       {@code submit} counts only the workers that will look at the queue again.
 * </ul>
 *
 * <p><b>Cancellation.</b> A call is a {@link Call}, a {@link FutureTask}: {@code cancel(true)} of a queued
 * call makes the worker skip it; of a running call it interrupts the worker thread. {@code FutureTask.run}
 * returns only once a racing cancellation's interrupt has landed (see its
 * {@code handlePossibleCancellationInterrupt}), so the worker clears the interrupt status after each
 * call and no interrupt meant for one call reaches the next (as {@code ThreadPoolExecutor.runWorker}
 * does).
 */
final class BlockingPool {
    private final String schedulerName;
    private final int limit;
    private final long keepAliveNanos;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    // guarded by lock (see the class comment)
    private final ArrayDeque<Call<?>> queue = new ArrayDeque<>();
    private int threads;
    private int idle;
    private int threadNumber;
    private boolean shutdown;

    BlockingPool(String schedulerName, int limit, long keepAliveNanos) {
        if (limit < 1) {
            throw new IllegalArgumentException("a blocking pool needs at least 1 thread, not " + limit);
        }
        this.schedulerName = schedulerName;
        this.limit = limit;
        this.keepAliveNanos = keepAliveNanos;
    }

    /**
     * Queues {@code callable}; its result (or what it threw) completes the returned call's promise, on
     * the pool thread that ran it.
     *
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    <T> Call<T> submit(Callable<T> callable) {
        Call<T> call = new Call<>(callable);
        Thread starting = null;
        lock.lock();
        try {
            if (shutdown) {
                throw new RejectedExecutionException("the blocking pool of scheduler " + schedulerName
                        + " is shut down: the scheduler is closed");
            }
            queue.addLast(call);
            if (queue.size() > idle && threads < limit) {
                threads++;
                starting = new Thread(this::work, schedulerName + "-blocking-" + (++threadNumber));
            } else if (idle > 0) {
                workAvailable.signal();
            }
        } finally {
            lock.unlock();
        }
        if (starting != null) {
            starting.setDaemon(true);
            start(starting);
        }
        return call;
    }

    /**
     * Starts a counted worker. If the thread cannot start, it leaves the count again; when no worker is
     * left to run the queued calls, their promises fail rather than wait forever.
     */
    private void start(Thread worker) {
        try {
            worker.start();
        } catch (Throwable t) { // OutOfMemoryError "unable to create native thread", say
            ArrayDeque<Call<?>> stranded = new ArrayDeque<>();
            lock.lock();
            try {
                threads--;
                if (threads == 0) {
                    stranded.addAll(queue);
                    queue.clear();
                }
            } finally {
                lock.unlock();
            }
            for (Call<?> c : stranded) { // completing a promise runs listeners: not under the lock
                c.promise.fail(new RejectedExecutionException("no blocking thread could be started", t));
            }
            throw t;
        }
    }

    /** Lets idle workers end at once and refuses new calls; queued and running calls still run to their end. */
    void shutdown() {
        lock.lock();
        try {
            shutdown = true;
            workAvailable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The number of live pool threads; for tests. */
    int threads() {
        lock.lock();
        try {
            return threads;
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        while (true) {
            Call<?> call = take();
            if (call == null) {
                return;
            }
            call.run(); // a cancelled call returns at once; FutureTask keeps what the call threw
            Thread.interrupted(); // a cancellation's interrupt is for the call just run, not the next one
        }
    }

    /** The next call, waiting up to the keep-alive; null when this worker ends (it has left the count). */
    private Call<?> take() {
        lock.lock();
        try {
            long left = keepAliveNanos;
            while (queue.isEmpty()) {
                if (shutdown || left <= 0) {
                    threads--;
                    return null;
                }
                idle++;
                try {
                    left = workAvailable.awaitNanos(left);
                } catch (InterruptedException e) {
                    // only a cancelled call's interrupt that outran the clearing above: look at the queue again
                } finally {
                    idle--;
                }
            }
            return queue.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /**
     * One blocking call: a {@link FutureTask} whose outcome also completes {@link #promise}, which the
     * coroutine awaits. A cancelled call leaves the promise pending (nobody awaits it any more).
     */
    static final class Call<T> extends FutureTask<T> {
        final Promise<T> promise = Promise.create();

        Call(Callable<T> callable) {
            super(callable);
        }

        /** Runs once, on the thread that settled the future: the pool thread, or the canceller. */
        @Override
        protected void done() {
            if (isCancelled()) {
                return;
            }
            T value;
            try {
                value = get(); // settled: returns at once
            } catch (ExecutionException e) {
                promise.fail(e.getCause()); // what the callable threw, as it is
                return;
            } catch (InterruptedException | CancellationException e) {
                throw new AssertionError("a settled, uncancelled call cannot be interrupted or cancelled", e);
            }
            promise.complete(value);
        }
    }
}
