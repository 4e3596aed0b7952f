package io.jcoro.scheduler;

import io.jcoro.scheduler.io.IoDriver;
import io.jcoro.scheduler.io.SelectorLoop;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Scheduler#parallel(int)}: tasks run on a {@link ForkJoinPool} in async mode (FIFO local
 * queues plus work stealing), the JDK's work-stealing core; timers on one daemon timer thread, whose
 * actions only complete promises or mark timeouts, so the pool resumes the woken tasks. Sockets use
 * one dedicated selector thread ({@link SelectorLoop}, started with the first socket), which likewise
 * only completes promises.
 */
final class ParallelScheduler extends AbstractScheduler {
    private final ForkJoinPool pool;
    private final ScheduledThreadPoolExecutor timer;
    private final AtomicInteger workerCount = new AtomicInteger();
    private final Object ioLock = new Object();
    private SelectorLoop io; // guarded by ioLock; created by the first socket
    private boolean ioStopped; // guarded by ioLock

    ParallelScheduler(SchedulerBuilder.Settings settings, int threads) {
        super(settings);
        pool = new ForkJoinPool(threads, p -> new Worker(p, this), null, true);
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name() + "-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Queues a task to run. From a worker of this pool, {@code execute} pushes onto the worker's own
     * queue, and a worker drains its own queue before it looks at the pool's submission queues: tasks
     * that keep waking themselves ({@code yieldNow}, the sockets' budget) or each other on a worker would
     * starve every task spawned or woken from another thread. So a dispatch from a worker first moves one
     * pending external submission, if any, onto the worker's queue ahead of the task: each round of the
     * local tasks lets one outside task in, and a task spawned from outside starts within about one round
     * of the runnable tasks, as on the single-threaded loop.
     */
    @Override
    void dispatch(CoroutineTask<?> task) {
        try {
            if (isOwnThread(Thread.currentThread())) {
                ExternalSubmissions.admitOne();
            }
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            // the pool has shut down: close() abandoned this task already
        }
    }

    /**
     * Reaches {@link ForkJoinTask#pollSubmission()}, which is protected: on a worker thread, takes the
     * next task submitted to its pool from outside, unrun, so that the worker can queue it as its own.
     */
    private abstract static class ExternalSubmissions extends ForkJoinTask<Void> {
        private static final long serialVersionUID = 1L;

        /** Called on a worker of this scheduler's pool: moves one outside submission onto its queue. */
        static void admitOne() {
            ForkJoinTask<?> waiting = pollSubmission();
            if (waiting != null) {
                waiting.fork(); // onto this worker's queue (FIFO in async mode), before the task dispatched now
            }
        }
    }

    /** Its timer thread measures the delay with {@link System#nanoTime()}: that is its {@link #clock} (only a TestScheduler has another). */
    @Override
    TimerHandle schedule(long delayNanos, Runnable action) {
        try {
            ScheduledFuture<?> f = timer.schedule(action, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException e) {
            return TimerHandle.NONE; // closed
        }
    }

    /** The selector thread of this scheduler's sockets, started on first use. */
    IoDriver ioDriver() {
        synchronized (ioLock) {
            if (io == null) {
                if (ioStopped) {
                    throw new RejectedExecutionException("scheduler " + name() + " is closed");
                }
                io = new SelectorLoop(name() + "-io");
            }
            return io;
        }
    }

    @Override
    boolean isOwnThread(Thread t) {
        return t instanceof Worker && ((Worker) t).scheduler == this;
    }

    @Override
    RunSlot slotOf(Thread t) {
        return isOwnThread(t) ? ((Worker) t).slot : null;
    }

    @Override
    void stopThreads(boolean drainedInTime) {
        if (drainedInTime) {
            pool.shutdown();
        } else {
            pool.shutdownNow();
        }
        // after a drain the pool ends at once; otherwise a task may still hold a worker
        long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
        boolean interrupted = false;
        while (true) {
            try {
                long wait = drainedInTime ? TimeUnit.DAYS.toNanos(1) : deadline - System.nanoTime();
                if (pool.awaitTermination(wait, TimeUnit.NANOSECONDS) || !drainedInTime) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (!pool.isTerminated()) {
            System.getLogger(BlockedTaskReporter.LOGGER_NAME).log(System.Logger.Level.WARNING, "jcoro: scheduler "
                    + name() + " closed, but a worker is still running a task that does not suspend");
        }
        timer.shutdownNow();
        SelectorLoop stopIo;
        synchronized (ioLock) {
            ioStopped = true;
            stopIo = io;
        }
        if (stopIo != null) {
            stopIo.close();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A pool thread, named after the scheduler, watched by the blocked-task detector while it lives. */
    private static final class Worker extends ForkJoinWorkerThread implements SchedulerThread, IoDriver.Source {
        final ParallelScheduler scheduler;
        final RunSlot slot;

        Worker(ForkJoinPool pool, ParallelScheduler scheduler) {
            super(pool);
            this.scheduler = scheduler;
            this.slot = new RunSlot(this);
            setName(scheduler.name() + "-worker-" + scheduler.workerCount.incrementAndGet());
            setDaemon(true);
        }

        @Override
        protected void onStart() {
            super.onStart();
            scheduler.watch(slot);
        }

        @Override
        protected void onTermination(Throwable exception) {
            scheduler.unwatch(slot);
            super.onTermination(exception);
        }

        @Override
        public AbstractScheduler scheduler() {
            return scheduler;
        }

        @Override
        public IoDriver ioDriver() {
            return scheduler.ioDriver();
        }
    }
}
