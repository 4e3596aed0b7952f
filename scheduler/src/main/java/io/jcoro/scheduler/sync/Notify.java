package io.jcoro.scheduler.sync;

import io.jcoro.Suspendable;

/**
 * Wakes waiting coroutines, like Tokio's {@code tokio::sync::Notify}: a one-bit event without data.
 *
 * <ul>
 *   <li>{@link #notified()} waits (suspends a task, blocks a plain thread) until notified.
 *   <li>{@link #notifyOne()} wakes the longest-waiting waiter; when nobody waits, it stores one
 *       permit instead, and the next {@code notified()} consumes it and returns at once. At most one
 *       permit is stored: notifying twice with nobody waiting lets one later {@code notified()} through,
 *       not two.
 *   <li>{@link #notifyWaiters()} wakes every task waiting now, and stores nothing: a {@code notified()}
 *       that starts after it waits for the next notification.
 * </ul>
 *
 * <p>The usual pattern checks a condition, and waits for a notification when it does not hold; the
 * stored permit makes that free of lost wake-ups with {@code notifyOne}:
 * <pre>{@code
 * while (queue.isEmpty()) {
 *     notify.notified();
 * }
 * }</pre>
 *
 * <p><b>Cancellation.</b> A task cancelled (or whose {@code withTimeout} runs out) while it waits in
 * {@code notified()} leaves the queue and throws {@link java.util.concurrent.CancellationException}.
 * If a {@code notifyOne()} picked it at that very moment, it passes that notification on (as another
 * {@code notifyOne()}: to the next waiter, or stored as the permit), so the notification is not lost. A
 * {@code notifyWaiters()} reached every waiter anyway, so nothing is passed on for it.
 */
public final class Notify {
    /*
     * Implementation. One monitor (`lock`) guards `permit`, `waiters` and each waiter's `byOne`; it is
     * held only for O(1) edits (notifyWaiters detaches the whole queue in O(n)), never across a suspension
     * and never while a waiter is woken.
     *
     * Invariants, under the monitor:
     *  - permit => the queue is empty (notifyOne stores the permit only when nobody waits, and
     *    notified() consumes it instead of queueing);
     *  - a waiter is notified exactly when it is taken off the queue, by notifyOne (byOne = true) or
     *    notifyWaiters (byOne = false); its signal is fired after the monitor is released.
     *
     * The race: a waiter whose await throws (cancelled) calls giveUp(). Under the monitor, either it
     * is still queued (unlinked: it was never notified), or a notification already took it off; if that
     * was a notifyOne, the waiter calls notifyOne() again, so the one notification still reaches one
     * waiter (or the permit) exactly once.
     */
    private final Object lock = new Object();
    private boolean permit;
    private final WaitQueue<Listener> waiters = new WaitQueue<>();

    /** A queued {@code notified()}. */
    static final class Listener extends WaitQueue.Waiter {
        /** Set under the monitor when notifyOne (not notifyWaiters) took this waiter off the queue. */
        boolean byOne;
    }

    /**
     * Returns at once when a permit is stored (consuming it); otherwise waits until a
     * {@link #notifyOne()} picks this waiter or a {@link #notifyWaiters()} runs.
     *
     * @throws java.util.concurrent.CancellationException when the task is cancelled (or its
     *     {@code withTimeout} runs out) while it waits
     */
    @Suspendable
    public void notified() {
        Listener l = consumeOrEnqueue();
        if (l == null) {
            return;
        }
        try {
            l.wake.await();
        } catch (Throwable t) { // CancellationException; anything else gives up the same way
            giveUp(l);
            throw t;
        }
    }

    // ------------------------------------------------ the non-suspending core (unit-tested alone)

    /** Consumes the stored permit (returns null), or queues and returns a waiter. */
    Listener consumeOrEnqueue() {
        synchronized (lock) {
            if (permit) {
                permit = false;
                return null;
            }
            Listener l = new Listener();
            waiters.add(l);
            return l;
        }
    }

    /**
     * A waiter whose wait ended without its notification (its await threw): withdraws it, or, when a
     * notifyOne picked it at the same moment, passes that notification on as another notifyOne.
     */
    void giveUp(Listener l) {
        boolean passOn;
        synchronized (lock) {
            passOn = !waiters.remove(l) && l.byOne;
        }
        if (passOn) {
            notifyOne();
        }
    }

    /** Wakes the longest-waiting waiter, or, when none waits, stores the permit (if not stored yet). */
    public void notifyOne() {
        Listener first;
        synchronized (lock) {
            first = waiters.poll();
            if (first == null) {
                permit = true;
                return;
            }
            first.byOne = true;
        }
        first.wake.fire();
    }

    /**
     * Wakes every waiter waiting now, in arrival order; stores no permit (and leaves a stored one as it
     * is: a permit is only stored while nobody waits). Tokio's {@code notify_waiters}; it cannot be
     * called {@code notifyAll}, which is {@link Object#notifyAll()}'s final name.
     */
    public void notifyWaiters() {
        Listener first = null;
        Listener last = null;
        synchronized (lock) {
            for (Listener l = waiters.poll(); l != null; l = waiters.poll()) {
                if (last == null) {
                    first = l;
                } else {
                    last.grantedNext = l;
                }
                last = l;
            }
        }
        WaitQueue.wakeAll(first);
    }

    /** How many waiters are queued now (a snapshot, for monitoring and tests). */
    public int queueLength() {
        synchronized (lock) {
            return waiters.size();
        }
    }

    /** Whether a {@link #notifyOne()} permit is stored now (a snapshot). */
    public boolean hasPermit() {
        synchronized (lock) {
            return permit;
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "Notify[" + (permit ? "permit stored" : "no permit") + ", waiters=" + waiters.size() + "]";
        }
    }
}
