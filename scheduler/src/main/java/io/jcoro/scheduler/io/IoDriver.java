package io.jcoro.scheduler.io;

import java.nio.channels.Selector;

/**
 * The I/O driver: a {@link Selector} and the one thread that polls it. Sockets register their
 * interest here and are woken by it. Internal: public only so that the schedulers (package
 * {@code io.jcoro.scheduler}) can provide one; applications use {@link io.jcoro.scheduler.net.AsyncSocket} and
 * {@link io.jcoro.scheduler.net.AsyncServerSocket}.
 *
 * <p>Which driver a socket uses ({@link #current()}):
 * <ul>
 *   <li>on {@code Scheduler.singleThreaded()}, the event loop itself: its selector, polled by the
 *       loop thread between runs of queued tasks, so accepting, reading, writing and the coroutines
 *       all happen on that one thread;
 *   <li>on {@code Scheduler.parallel(n)}, one dedicated selector thread per scheduler
 *       ({@link SelectorLoop}, started with the first socket): it only polls and completes
 *       promises, and the work-stealing pool resumes the woken coroutines;
 *   <li>on any other thread, one shared daemon {@link SelectorLoop} ({@link SelectorLoop#shared()}).
 * </ul>
 *
 * <p>Contract: a selected key whose attachment is a {@link Runnable} runs it on the driver thread.
 */
public interface IoDriver {
    /** The selector; use it only on the driver thread. */
    Selector selector();

    /** Runs {@code r} on the driver thread, soon; any thread may call it. */
    void execute(Runnable r);

    /** Whether the calling thread is the driver thread. */
    boolean inDriverThread();

    /** A thread that knows its I/O driver: the scheduler threads implement it. */
    interface Source {
        IoDriver ioDriver();
    }

    /** The driver of the scheduler that owns the calling thread, or the shared one. */
    static IoDriver current() {
        Thread t = Thread.currentThread();
        if (t instanceof Source) {
            return ((Source) t).ioDriver();
        }
        return SelectorLoop.shared();
    }
}
