package io.jcoro.scheduler.sync;

/**
 * The FIFO queue of the coroutines (or threads) waiting on one primitive: an intrusive doubly linked
 * list of {@link Waiter} nodes, so that a waiter that gives up (cancelled, timed out) unlinks itself
 * in O(1) wherever it is.
 *
 * <p>Not thread-safe: every method is called with the owning primitive's lock held, and nothing here
 * fires a signal (firing wakes a task, which must never happen under that lock). A node is in
 * at most one queue, at most once: {@link Waiter#queued} says whether it is linked.
 */
final class WaitQueue<W extends WaitQueue.Waiter> {
    /**
     * One waiter: the signal it waits for, made by the waiting task or thread, which whoever grants it
     * fires after taking it off the queue and releasing the lock. {@code prev}, {@code next}, {@code queued} and {@code grantedNext}
     * are guarded by the owning primitive's lock.
     */
    static class Waiter {
        final WakeSignal wake = new WakeSignal();
        Waiter prev;
        Waiter next;
        boolean queued;
        /**
         * Links the waiters one operation took off the queue (under the lock) so it can complete their
         * signals after releasing the lock, in queue order, without allocating a list.
         */
        Waiter grantedNext;
    }

    private Waiter head;
    private Waiter tail;
    private int size;

    boolean isEmpty() {
        return head == null;
    }

    int size() {
        return size;
    }

    void add(W w) {
        if (w.queued) {
            throw new IllegalStateException("waiter already queued");
        }
        w.queued = true;
        w.prev = tail;
        w.next = null;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        size++;
    }

    /** The first waiter, or null. */
    @SuppressWarnings("unchecked")
    W peek() {
        return (W) head;
    }

    /** Takes the first waiter off the queue; null when empty. */
    W poll() {
        W first = peek();
        if (first != null) {
            remove(first);
        }
        return first;
    }

    /** Unlinks {@code w}; false when it was not queued (a grant took it off first). */
    boolean remove(W w) {
        if (!w.queued) {
            return false;
        }
        Waiter p = w.prev;
        Waiter n = w.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        w.prev = null;
        w.next = null;
        w.queued = false;
        size--;
        return true;
    }

    /**
     * Fires the signals of a chain linked by {@link Waiter#grantedNext}; call without the lock.
     * The chain was built under the lock from nodes already off the queue, which nobody else links
     * again, so this thread alone touches their {@code grantedNext} now.
     */
    static void wakeAll(Waiter chain) {
        while (chain != null) {
            Waiter next = chain.grantedNext;
            chain.grantedNext = null;
            chain.wake.fire();
            chain = next;
        }
    }
}
