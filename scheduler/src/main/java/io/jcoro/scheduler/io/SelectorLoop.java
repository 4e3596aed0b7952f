package io.jcoro.scheduler.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A dedicated selector thread: the I/O driver of {@code Scheduler.parallel(n)}, and the shared
 * driver of threads that belong to no scheduler. It runs queued actions (interest changes from
 * other threads) and the attachments of selected keys, and sleeps in {@code select} otherwise. It
 * never runs coroutines: the actions it runs complete promises, and each woken coroutine is
 * resumed by its own scheduler.
 *
 * <p>Waking it: the loop announces SLEEPING before its last look at the queue, and a thread that
 * queues an action reads that state afterwards and calls {@link Selector#wakeup()}, so one of them
 * always sees the other (the protocol of the single-threaded scheduler's loop).
 */
public final class SelectorLoop implements IoDriver, AutoCloseable {
    /** Queued actions per turn before the selector is polled again. */
    private static final int BUDGET = 1024;
    private static final int AWAKE = 0, SLEEPING = 1;

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sleepState = new AtomicInteger(AWAKE);
    private volatile boolean stopping;

    /** Opens a selector and starts its daemon thread named {@code threadName}. */
    public SelectorLoop(String threadName) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** The driver of threads that belong to no scheduler: one daemon thread, {@code jcoro-io}, never closed. */
    public static SelectorLoop shared() {
        return Shared.LOOP;
    }

    private static final class Shared {
        static final SelectorLoop LOOP = new SelectorLoop("jcoro-io");
    }

    @Override
    public Selector selector() {
        return selector;
    }

    @Override
    public boolean inDriverThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void execute(Runnable r) {
        queue.offer(r);
        if (Thread.currentThread() != thread && sleepState.get() == SLEEPING
                && sleepState.compareAndSet(SLEEPING, AWAKE)) {
            selector.wakeup();
        }
    }

    /** The selector thread, for tests and diagnostics. */
    public Thread thread() {
        return thread;
    }

    /**
     * Stops the thread and closes the selector (not the channels registered with it); waits for the
     * thread unless called on it. Actions queued afterwards never run.
     */
    @Override
    public void close() {
        stopping = true;
        selector.wakeup();
        if (Thread.currentThread() != thread) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        Throwable failure = null;
        try {
            while (!stopping) {
                LoopSteps.runQueued(queue, BUDGET);
                sleepState.set(SLEEPING);
                if (!queue.isEmpty() || stopping) {
                    sleepState.set(AWAKE);
                    selector.selectNow();
                } else {
                    selector.select();
                    sleepState.set(AWAKE);
                }
                LoopSteps.runSelected(selector);
            }
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
        } finally {
            LoopSteps.end(selector, failure);
        }
    }
}
