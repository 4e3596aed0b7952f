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
 *   <li>{@code 0 <= idle <= threads <= limit}. {@code threads} counts the workers alive or about to be
 *       started (counted under the lock, started right after it, uncounted again if the start fails).
 *       {@code idle} counts the workers inside {@code awaitNanos}: parked, or woken (by a signal, the
 *       keep-alive or spuriously) and not yet back in the lock. Each of them looks at the queue, under
 *       the lock, before it parks again or ends.
 *   <li>No call is stranded: when {@link #submit} queues a call, either the queue holds no more calls
 *       than there are idle workers, each of which will look at the queue (it signals one, in case all
 *       are parked: a signal that finds none parked means they are all awake already), or it counts and
 *       starts a new worker, or the limit is reached and every worker is busy: each looks at the queue
 *       when its call ends, before it parks.
 *   <li>A worker ends only under the lock, with the queue empty, and takes itself out of {@code threads}
 *       in the same critical section: a later {@code submit} counts only workers that will look at the
 *       queue again. A worker killed by a throwable (an {@code OutOfMemoryError} while it
 *       completed a promise, say: listeners' own exceptions never escape a promise) also leaves the count, and starts a replacement when calls wait.
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
        int startNumber = 0; // the number of the thread to start, 0 for none
        lock.lock();
        try {
            if (shutdown) {
                throw new RejectedExecutionException("the blocking pool of scheduler " + schedulerName
                        + " is shut down: the scheduler is closed");
            }
            queue.addLast(call);
            startNumber = countNewWorkerIfNeeded();
            if (startNumber == 0 && idle > 0) {
                workAvailable.signal();
            }
        } finally {
            lock.unlock();
        }
        if (startNumber != 0) {
            start(startNumber);
        }
        return call;
    }

    /**
     * Under the lock: when the queue holds more calls than the idle workers will take and the limit
     * allows, counts a new worker and returns its number (the caller starts it after unlocking); else 0.
     */
    private int countNewWorkerIfNeeded() {
        if (queue.size() > idle && threads < limit) {
            threads++;
            return ++threadNumber;
        }
        return 0;
    }

    /**
     * Starts a counted worker. If the thread cannot start, it leaves the count again; when no worker is
     * left to run the queued calls, their promises fail rather than wait forever.
     */
    private void start(int number) {
        try {
            Thread worker = new Thread(this::work, schedulerName + "-blocking-" + number);
            worker.setDaemon(true);
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
        boolean ended = false;
        try {
            while (true) {
                Call<?> call = take();
                if (call == null) {
                    ended = true; // take() took this worker out of the count
                    return;
                }
                call.run(); // a cancelled call returns at once; FutureTask keeps what the call threw
                Thread.interrupted(); // a cancellation's interrupt is for the call just run, not the next one
            }
        } finally {
            if (!ended) {
                replaceDeadWorker();
            }
        }
    }

    /**
     * A worker dies by a throwable that escaped a call's completion (an OutOfMemoryError, say): it
     * leaves the count, and if calls wait that no idle worker will take, a new thread starts in its
     * place, so no queued call is stranded.
     */
    private void replaceDeadWorker() {
        int startNumber;
        lock.lock();
        try {
            threads--;
            startNumber = countNewWorkerIfNeeded(); // after shutdown too: queued calls still run

        } finally {
            lock.unlock();
        }
        if (startNumber != 0) {
            start(startNumber);
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
