package io.jcoro.scheduler.io;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;

/**
 * The steps both selector loops take (the single-threaded scheduler's event loop and the parallel
 * scheduler's selector thread): run queued work within a budget, run the handlers of selected keys,
 * report a handler's exception without stopping the loop, and end the loop. Internal: public only
 * because the event loop lives in another package.
 */
public final class LoopSteps {
    private LoopSteps() {}

    /** Runs up to {@code budget} runnables from {@code queue}, FIFO. */
    public static void runQueued(Queue<Runnable> queue, int budget) {
        for (int i = 0; i < budget; i++) {
            Runnable r = queue.poll();
            if (r == null) {
                return;
            }
            runReporting(r);
        }
    }

    /** Runs the {@link Runnable} attached to every selected key, clearing the selected set. */
    public static void runSelected(Selector selector) {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            Object attachment = key.attachment();
            if (attachment instanceof Runnable) {
                runReporting((Runnable) attachment);
            }
        }
    }

    /** Runs {@code r}; an exception goes to the thread's uncaught-exception handler, and the loop goes on. */
    public static void runReporting(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | Error e) {
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
    }

    /**
     * Ends a loop: a failure that stopped it ({@code null} when it stopped as asked) goes to the
     * thread's uncaught-exception handler, and the selector is closed.
     */
    public static void end(Selector selector, Throwable failure) {
        if (failure != null) {
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, failure);
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing to do: the loop is over either way
        }
    }
}
