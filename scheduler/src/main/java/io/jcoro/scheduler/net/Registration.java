package io.jcoro.scheduler.net;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.scheduler.OutsideWaits;
import io.jcoro.scheduler.io.IoDriver;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One channel's interest on an {@link IoDriver}: at most one waiter for input (read or accept) and
 * one for output (write or connect), each a promise the waiting coroutine awaits. Interest is
 * registered only while someone waits and withdrawn when the key fires, when the waiter gives up
 * (cancelled, timed out) and when the channel closes, so no key is left half-registered.
 *
 * <p>Everything but {@link #await} runs on the driver thread: a call from another thread is queued
 * there with {@link IoDriver#execute}. The registration is the key's attachment: the driver runs it
 * when the key is selected.
 */
final class Registration implements Runnable {
    static final int IN = 0, OUT = 1;

    private final IoDriver driver;
    private final SelectableChannel channel;
    /** Whether {@link #closeChannel} ran: closing is idempotent and may come from any thread. */
    private final AtomicBoolean channelClosed = new AtomicBoolean();

    // driver thread only
    private SelectionKey key;
    private final Waiting[] waiting = new Waiting[2];
    private boolean closed;

    Registration(IoDriver driver, SelectableChannel channel) {
        this.driver = driver;
        this.channel = channel;
    }

    IoDriver driver() {
        return driver;
    }

    /**
     * Suspends until the channel is ready for {@code op} ({@link SelectionKey} bits) in direction
     * {@code slot}. When the wait ends by an exception (a cancellation, a timeout), the interest is
     * withdrawn before the exception propagates. Throws {@link AsynchronousCloseException} when the
     * channel is closed meanwhile.
     */
    @Suspendable
    void await(int slot, int op) {
        Waiting w = new Waiting(op);
        onDriver(() -> install(slot, w));
        OutsideWaits.began(); // a TestScheduler's clock follows real time while the socket waits
        try {
            Async.await(w.ready);
        } catch (Throwable t) {
            onDriver(() -> withdraw(slot, w));
            throw t;
        } finally {
            OutsideWaits.ended();
        }
    }

    /**
     * Closes the channel, once (later calls return at once), then fails the waiters and drops the key
     * on the driver thread; any thread.
     */
    void closeChannel() throws IOException {
        if (!channelClosed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
        } finally {
            onDriver(this::closeNow);
        }
    }

    /**
     * The interest ops registered with the selector right now, or -1 when the channel has no key
     * (never registered, or cancelled); for tests.
     */
    Promise<Integer> interestOps() {
        Promise<Integer> p = Promise.create();
        onDriver(() -> {
            try {
                p.complete(key == null || !key.isValid() ? -1 : key.interestOps());
            } catch (CancelledKeyException e) {
                p.complete(-1);
            }
        });
        return p;
    }

    // ---------------------------------------------------------------- driver thread

    private void onDriver(Runnable r) {
        if (driver.inDriverThread()) {
            r.run();
        } else {
            driver.execute(r);
        }
    }

    private void install(int slot, Waiting w) {
        if (closed || !channel.isOpen()) {
            w.ready.fail(new AsynchronousCloseException());
            return;
        }
        Waiting previous = waiting[slot];
        if (previous != null) { // cannot happen: the sockets allow one reader and one writer
            previous.ready.fail(new IllegalStateException("another wait replaced this one"));
        }
        waiting[slot] = w;
        updateInterest();
    }

    private void withdraw(int slot, Waiting w) {
        if (waiting[slot] == w) {
            waiting[slot] = null;
            updateInterest();
        }
    }

    /** The key fired: wakes the waiters whose operation is ready, then narrows the interest. */
    @Override
    public void run() {
        int ready;
        try {
            ready = key.readyOps();
        } catch (CancelledKeyException e) {
            closeNow();
            return;
        }
        for (int slot = IN; slot <= OUT; slot++) {
            Waiting w = waiting[slot];
            if (w != null && (w.op & ready) != 0) {
                waiting[slot] = null;
                w.ready.complete(null);
            }
        }
        updateInterest();
    }

    private void updateInterest() {
        if (closed) {
            return;
        }
        int ops = 0;
        for (Waiting w : waiting) {
            if (w != null) {
                ops |= w.op;
            }
        }
        try {
            if (key == null) {
                if (ops != 0) {
                    key = channel.register(driver.selector(), ops, this);
                }
            } else {
                key.interestOps(ops);
            }
        } catch (ClosedChannelException | CancelledKeyException e) {
            closeNow();
        } catch (ClosedSelectorException e) {
            failWaiters(new IOException("the I/O driver's selector is closed (its scheduler was closed)", e));
        }
    }

    private void closeNow() {
        closed = true;
        if (key != null) {
            key.cancel(); // the selector drops it, and the deferred close of the channel's fd, at its next select
        }
        failWaiters(null);
    }

    /** Fails every waiter with {@code error}, or with an {@link AsynchronousCloseException} when null. */
    private void failWaiters(IOException error) {
        for (int slot = IN; slot <= OUT; slot++) {
            Waiting w = waiting[slot];
            waiting[slot] = null;
            if (w != null) {
                w.ready.fail(error != null ? error : new AsynchronousCloseException());
            }
        }
    }

    /** One pending wait: the operation and the promise its coroutine awaits. */
    private static final class Waiting {
        final int op;
        final Promise<Void> ready = Promise.create();

        Waiting(int op) {
            this.op = op;
        }
    }
}
