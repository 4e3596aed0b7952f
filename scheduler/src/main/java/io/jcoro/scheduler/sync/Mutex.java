package io.jcoro.scheduler.sync;

import io.jcoro.Suspendable;
import io.jcoro.SuspendableCallable;
import io.jcoro.internal.WovenCalls;
import java.util.Objects;

/**
 * A mutual-exclusion lock for coroutines: {@link #lock()} suspends the calling task (or blocks a
 * plain thread) while another holds the lock, so the holder may itself suspend (await, sleep) inside
 * the critical section without blocking a scheduler thread.
 *
 * <pre>{@code
 * try (Mutex.Guard g = mutex.lock()) {
 *     balance = balance + Async.await(fetchDelta());
 * }
 * // or
 * int v = mutex.withLock(() -> ++counter);
 * }</pre>
 *
 * <p><b>Owner.</b> The lock is held by a <em>task</em> (the coroutine's frame store, whichever
 * scheduler thread it runs on), or by a plain thread when called outside any coroutine. Only the owner
 * may unlock it. It is <b>not reentrant</b>: locking it again from its owner throws
 * {@link IllegalStateException} naming the owner, instead of deadlocking.
 *
 * <p><b>Fair (FIFO).</b> Waiters get the lock in arrival order. {@link #unlock()} hands it directly to
 * the first waiter (the lock never becomes free while someone waits), so neither a later
 * {@link #lock()} nor a {@link #tryLock()} can barge past the queue.
 *
 * <p><b>Cancellation.</b> A task cancelled (or whose {@code withTimeout} runs out) while it waits in
 * {@code lock()} leaves the queue and throws {@link java.util.concurrent.CancellationException}. If the
 * lock was handed to it at that very moment, it unlocks (handing it on to the next waiter) before
 * throwing: the lock never stays held by a task that did not get to use it.
 */
public final class Mutex {
    /*
     * Implementation. One monitor (`lock`) guards `owner` and `waiters`; it is held only for O(1) edits,
     * never across a suspension and never while a waiter is woken (the waiter handed the lock is
     * woken after the monitor is released).
     *
     * Invariants, under the monitor:
     *  - `holds` counts the acquisitions; it changes only when the lock changes hands, so while a task
     *    holds the lock the number stays that of its hold (what its Guard records);
     *  - owner == null  <=>  the mutex is free; then the queue is empty (unlock hands the lock to the
     *    head instead of freeing it, and withdrawing a waiter never frees it);
     *  - a waiter is handed the lock exactly when unlock() takes it off the queue: `owner` becomes that
     *    waiter's identity at that moment, before the waiter resumes, so a lock() in between by anyone
     *    else queues behind, and the waiter returns from lock() already the owner.
     *
     * The race at hand-off: a waiter whose await throws (cancelled) calls giveUp(). Under the monitor,
     * either it is still queued (it is unlinked and never owned the lock), or unlock() already made it
     * the owner; then it unlocks as the owner, which hands the lock to the next waiter or frees it.
     */
    private final Object lock = new Object();
    private Object owner;
    /** How many times the lock was taken so far: each hold's number, so that a stale Guard is caught. */
    private long holds;
    private final WaitQueue<Locker> waiters = new WaitQueue<>();

    /** A queued {@code lock()}, with the identity of the task or thread that will own the lock. */
    static final class Locker extends WaitQueue.Waiter {
        final Object owner;

        Locker(Object owner) {
            this.owner = owner;
        }
    }

    /**
     * Proof of one hold of the lock, for try-with-resources: {@link #close()} unlocks it once. Closing
     * it again, closing it after that hold ended by {@link Mutex#unlock()}, or closing it from another
     * task or thread than the owner, throws {@link IllegalStateException}: a stale guard never unlocks a
     * later hold.
     */
    public final class Guard implements AutoCloseable {
        /** The hold this guard was made for ({@code holds} then). */
        private final long hold;
        /** Guarded by the mutex's monitor. */
        private boolean released;

        /** Called by the owner, which keeps the lock meanwhile, so {@code holds} cannot change. */
        private Guard() {
            synchronized (lock) {
                hold = holds;
            }
        }

        /** Unlocks the mutex (see {@link Mutex#unlock()}). */
        @Override
        public void close() {
            Object me = currentOwner();
            synchronized (lock) {
                if (released) {
                    throw new IllegalStateException("this Mutex.Guard was already closed: the lock was released once");
                }
                if (owner == me) {
                    if (hold != holds) {
                        throw new IllegalStateException("this Mutex.Guard is stale: the hold it was made for ended "
                                + "with Mutex.unlock(), and " + describe(me) + " holds the lock again since");
                    }
                    released = true;
                }
            }
            unlockBy(me); // throws, naming the owner, when the caller does not hold the lock
        }
    }

    /**
     * Takes the lock, waiting (suspending a task, blocking a plain thread) behind the earlier waiters
     * while another holds it.
     *
     * @return a guard whose {@code close()} unlocks; or call {@link #unlock()}
     * @throws IllegalStateException when the caller already holds this lock (not reentrant)
     * @throws java.util.concurrent.CancellationException when the task is cancelled (or its
     *     {@code withTimeout} runs out) while it waits; then it does not hold the lock
     */
    @Suspendable
    public Guard lock() {
        Locker l = lockOrEnqueue(currentOwner());
        if (l != null) {
            try {
                l.wake.await();
            } catch (Throwable t) { // CancellationException; anything else gives up the same way
                giveUp(l);
                throw t;
            }
        }
        return new Guard();
    }

    /**
     * Takes the lock if it is free; never waits.
     *
     * @return whether the caller now holds it (then it must {@link #unlock()})
     * @throws IllegalStateException when the caller already holds this lock (not reentrant)
     */
    public boolean tryLock() {
        Object me = currentOwner();
        synchronized (lock) {
            if (owner == null) {
                owner = me;
                holds++;
                return true;
            }
            checkNotOwner(me);
            return false;
        }
    }

    /**
     * Releases the lock: hands it to the first waiter (and wakes it) or, when none waits, frees it.
     *
     * @throws IllegalStateException when the caller does not hold the lock (naming the owner)
     */
    public void unlock() {
        unlockBy(currentOwner());
    }

    // ------------------------------------------------ the non-suspending core (unit-tested alone)

    /**
     * Takes the lock for {@code me} if it is free (returns null), or queues and returns a waiter whose
     * signal fires when the lock is handed to it.
     */
    Locker lockOrEnqueue(Object me) {
        synchronized (lock) {
            if (owner == null) {
                owner = me;
                holds++;
                return null;
            }
            checkNotOwner(me);
            Locker l = new Locker(me);
            waiters.add(l);
            return l;
        }
    }

    /** Releases the lock held by {@code me}: hands it to the first waiter, or frees it. */
    void unlockBy(Object me) {
        Locker next;
        synchronized (lock) {
            if (owner != me) {
                throw new IllegalStateException(owner == null
                        ? "Mutex.unlock by " + describe(me) + ", but the mutex is not locked"
                        : "Mutex.unlock by " + describe(me) + ", but the mutex is held by " + describe(owner)
                                + "; only the owner may unlock it");
            }
            next = waiters.poll();
            if (next == null) {
                owner = null;
            } else {
                owner = next.owner;
                holds++;
            }
        }
        if (next != null) {
            next.wake.fire();
        }
    }

    /**
     * Runs {@code body} holding the lock and unlocks when it ends, normally or not.
     *
     * @return what {@code body} returned; its exception is thrown as it is
     */
    @Suspendable
    public <T> T withLock(SuspendableCallable<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        try (Guard g = lock()) {
            return body.call();
        }
    }

    /** Whether some task or thread holds the lock now (a snapshot). */
    public boolean isLocked() {
        synchronized (lock) {
            return owner != null;
        }
    }

    /** Whether the calling task (or plain thread) holds the lock. */
    public boolean isHeldByCurrent() {
        Object me = currentOwner();
        synchronized (lock) {
            return owner == me;
        }
    }

    /** How many waiters are queued now (a snapshot, for monitoring and tests). */
    public int queueLength() {
        synchronized (lock) {
            return waiters.size();
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "Mutex[" + (owner == null ? "unlocked" : "held by " + describe(owner)) + ", waiters="
                    + waiters.size() + "]";
        }
    }

    /**
     * A waiter whose wait ended without the lock (its await threw): withdraws it, or, when the lock was
     * handed to it at the same moment, hands it on to the next waiter (or frees it).
     */
    void giveUp(Locker l) {
        boolean withdrawn;
        synchronized (lock) {
            withdrawn = waiters.remove(l);
        }
        if (!withdrawn) {
            unlockBy(l.owner);
        }
    }

    /** The identity that holds the lock now, or null (a snapshot). */
    Object owner() {
        synchronized (lock) {
            return owner;
        }
    }

    /** Under the monitor: throws when {@code me} holds the lock. */
    private void checkNotOwner(Object me) {
        if (owner == me) {
            throw new IllegalStateException("Mutex is not reentrant: " + describe(me)
                    + " already holds it and tried to lock it again");
        }
    }

    /** The lock's owner identity for the caller: the running coroutine's frame store, else the thread. */
    private static Object currentOwner() {
        Object store = WovenCalls.currentStore();
        return store != null ? store : Thread.currentThread();
    }

    private static String describe(Object owner) {
        return owner instanceof Thread ? "thread \"" + ((Thread) owner).getName() + "\"" : "coroutine " + owner;
    }
}
