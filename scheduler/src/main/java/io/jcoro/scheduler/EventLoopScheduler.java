package io.jcoro.scheduler;

import io.jcoro.scheduler.net.IoDriver;
import io.jcoro.scheduler.net.LoopSteps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link Scheduler#singleThreaded()}: one event-loop thread, a run queue any thread may add to (an
 * MPSC {@link ConcurrentLinkedQueue}), a timer heap used only by the loop, and an NIO
 * {@link Selector} the loop sleeps in.
 *
 * <p>One turn of the loop: fire expired timers, run up to {@value #BUDGET} queued runnables (FIFO:
 * a task woken or yielding during the turn goes to the back), then poll the selector. With nothing
 * queued it sleeps in {@code select} until the next timer's deadline. A thread that queues work
 * while the loop sleeps wakes it with {@link Selector#wakeup()}: the loop announces that it sleeps
 * before its last look at the queue, and the producer reads that announcement after adding, so one
 * of them always sees the other ({@link SleepHandshake}, model-checked).
 *
 * <p>Selected keys whose attachment is a {@link Runnable} run it: the loop is its own
 * {@link IoDriver}, so the sockets of its tasks are polled and served on the loop thread.
 */
final class EventLoopScheduler extends AbstractScheduler implements IoDriver {
    /** Runnables per turn before timers and I/O get their turn (Tokio uses a similar budget). */
    static final int BUDGET = 128;
    private final Queue<Runnable> runQueue = new ConcurrentLinkedQueue<>();
    private final TimerHeap timers = new TimerHeap();
    private final Selector selector;
    private final LoopThread thread;
    private final RunSlot slot;
    private final SleepHandshake sleeping = new SleepHandshake();
    private volatile boolean stopping;

    EventLoopScheduler(SchedulerBuilder.Settings settings) {
        super(settings);
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the event loop's selector", e);
        }
        thread = new LoopThread(this);
        timers.setLoopThread(thread);
        slot = new RunSlot(thread);
        watch(slot);
        thread.start();
    }

    /** The loop's selector, for I/O registrations (on the loop thread). */
    @Override
    public Selector selector() {
        return selector;
    }

    /** Whether the calling thread is the loop thread. */
    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public boolean inDriverThread() {
        return inLoop();
    }

    /** Queues {@code r} to run on the loop thread; any thread. */
    @Override
    public void execute(Runnable r) {
        runQueue.offer(r);
        if (Thread.currentThread() != thread) {
            wakeUp();
        }
    }

    @Override
    void dispatch(CoroutineTask<?> task) {
        execute(task);
    }

    @Override
    TimerHandle schedule(long delayNanos, Runnable action) {
        TimerHeap.Timer t = timers.newTimer(clock.nanoTime() + Math.max(0, delayNanos), action);
        if (inLoop()) {
            timers.add(t);
        } else {
            execute(() -> timers.add(t));
        }
        return t;
    }

    @Override
    boolean isOwnThread(Thread t) {
        return t == thread;
    }

    @Override
    RunSlot slotOf(Thread t) {
        return t == thread ? slot : null;
    }

    @Override
    void stopThreads(boolean drainedInTime) {
        stopping = true;
        wakeUp();
        // after a drain the loop ends at once; otherwise a task may still hold the thread
        long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
        boolean interrupted = false;
        while (thread.isAlive() && (drainedInTime || deadline - System.nanoTime() > 0)) {
            try {
                thread.join(drainedInTime ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (thread.isAlive()) {
            System.getLogger(BlockedTaskReporter.LOGGER_NAME).log(System.Logger.Level.WARNING, "jcoro: scheduler "
                    + name() + " closed, but its loop thread is still running a task that does not suspend");
        }
        unwatch(slot);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void wakeUp() {
        if (sleeping.wakeNeeded()) {
            selector.wakeup();
        }
    }

    // ---------------------------------------------------------------- the loop (loop thread only)

    private void loop() {
        Throwable failure = null;
        try {
            while (!stopping) {
                timers.runExpired(clock.nanoTime(), LoopSteps::runReporting);
                LoopSteps.runQueued(runQueue, BUDGET);
                if (runQueue.isEmpty()) {
                    sleep();
                } else if (!selector.keys().isEmpty()) {
                    selector.selectNow();
                    LoopSteps.runSelected(selector);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
        } finally {
            LoopSteps.end(selector, failure);
        }
    }

    private void sleep() throws IOException {
        if (!sleeping.prepareToSleep(() -> !runQueue.isEmpty() || stopping)) {
            return;
        }
        if (!timers.hasTimers()) {
            selector.select();
        } else {
            long delay = timers.nextDeadline() - clock.nanoTime(); // the system clock: real time to sleep
            if (delay <= 0) {
                selector.selectNow();
            } else {
                // select takes milliseconds: round up so a timer never fires early
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(delay + 999_999)));
            }
        }
        sleeping.awake();
        LoopSteps.runSelected(selector);
    }

    /** The loop thread. */
    private static final class LoopThread extends Thread implements SchedulerThread, IoDriver.Source {
        private final EventLoopScheduler scheduler;

        LoopThread(EventLoopScheduler scheduler) {
            super(scheduler.name());
            this.scheduler = scheduler;
            setDaemon(true);
        }

        @Override
        public void run() {
            scheduler.loop();
        }

        @Override
        public AbstractScheduler scheduler() {
            return scheduler;
        }

        @Override
        public IoDriver ioDriver() {
            return scheduler;
        }
    }
}
