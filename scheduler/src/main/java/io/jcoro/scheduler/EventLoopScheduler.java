package io.jcoro.scheduler;

import io.jcoro.scheduler.io.IoDriver;
import io.jcoro.scheduler.io.LoopSteps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link Scheduler#singleThreaded()}: one event-loop thread, a run queue, a timer heap used only by
 * the loop, and an NIO {@link Selector} the loop sleeps in.
 *
 * <p>The run queue is two queues: {@code ready}, a plain {@link ArrayDeque} that only the loop thread
 * touches, which takes what the loop thread itself queues (a task woken by another task, a yield: the
 * common case, with no allocation and no atomic operation per run); and {@code submissions}, an MPSC
 * {@link ConcurrentLinkedQueue} for what other threads queue. Each turn moves up to {@value #BUDGET}
 * submissions to the back of {@code ready} before it runs anything, so a submission waits behind at
 * most what was ready when it was moved, never behind an endless ping-pong of two tasks.
 *
 * <p>One turn of the loop: fire expired timers, move submissions, run up to {@value #BUDGET} ready
 * runnables (FIFO: a task woken or yielding during the turn goes to the back), then poll the selector.
 * With nothing queued it sleeps in {@code select} until the next timer's deadline. A thread that queues work
 * while the loop sleeps wakes it with {@link Selector#wakeup()}: the loop announces that it sleeps
 * before its last look at {@code submissions}, and the producer reads that announcement after adding,
 * so one of them always sees the other ({@link SleepHandshake}, model-checked). ({@code ready} is
 * empty whenever the loop sleeps: only the loop adds to it, and it sleeps only after emptying it.)
 *
 * <p>Selected keys whose attachment is a {@link Runnable} run it: the loop is its own
 * {@link IoDriver}, so the sockets of its tasks are polled and served on the loop thread.
 */
final class EventLoopScheduler extends AbstractScheduler implements IoDriver {
    /** Runnables per turn before timers and I/O get their turn (Tokio uses a similar budget). */
    static final int BUDGET = 128;
    /** What other threads queue; any thread adds, the loop thread polls. */
    private final Queue<Runnable> submissions = new ConcurrentLinkedQueue<>();
    /** What runs next, in order; the loop thread's alone (it adds what it queues itself, and moves submissions in). */
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
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
        if (Thread.currentThread() == thread) {
            ready.add(r); // the loop is awake: it is running this very code
        } else {
            submissions.offer(r);
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
                moveSubmissions();
                LoopSteps.runQueued(ready, BUDGET);
                if (ready.isEmpty() && submissions.isEmpty()) {
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

    /** Moves up to {@value #BUDGET} submissions to the back of {@code ready}, oldest first. */
    private void moveSubmissions() {
        for (int i = 0; i < BUDGET; i++) {
            Runnable r = submissions.poll();
            if (r == null) {
                return;
            }
            ready.add(r);
        }
    }

    private void sleep() throws IOException {
        if (!sleeping.prepareToSleep(() -> !submissions.isEmpty() || stopping)) {
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
