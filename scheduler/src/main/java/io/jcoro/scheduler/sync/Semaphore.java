package io.jcoro.scheduler.sync;

import io.jcoro.Suspendable;

/**
 * A counting semaphore for coroutines: {@link #acquire} suspends the calling task (or blocks a plain
 * thread) until enough permits are free, instead of blocking a scheduler thread.
 *
 * <p><b>Fair (FIFO).</b> Waiters are served strictly in arrival order, as
 * {@code java.util.concurrent.Semaphore(permits, true)} serves them: a large request at the head of the
 * queue holds back every later request, even small ones the free permits would cover, until enough
 * permits are released for it (or it gives up). {@link #tryAcquire} never takes permits ahead of a
 * queued waiter either (unlike {@code java.util.concurrent.Semaphore.tryAcquire()}, which barges).
 *
 * <p><b>Cancellation.</b> A task cancelled (or whose {@code withTimeout} runs out) while it waits in
 * {@code acquire} leaves the queue and throws {@link java.util.concurrent.CancellationException}
 * without taking any permit. If the permits were granted to it at that very moment, it releases them
 * again before throwing (waking the next waiters), so no permit is ever lost. A waiter that leaves the
 * head of the queue lets the waiters behind it that now fit go.
 *
 * <p>Permits are not owned: any task or thread may {@link #release} them, and releasing more than were
 * acquired raises the count (as in {@code java.util.concurrent}). Every method can be called from any
 * thread or task.
 */
public final class Semaphore {
    /*
     * Implementation. One monitor (`lock`) guards `permits` and `waiters`; it is held only for O(1)
     * queue edits and arithmetic (a release that grants k waiters holds it for O(k)), never across a
     * suspension and never while a waiter is woken: grants are decided under the lock and the
     * granted waiters are woken (their signals fired) after it is released.
     *
     * Invariants, under the lock:
     *  - permits >= 0 are the free permits, not yet granted to anyone;
     *  - if the queue is not empty, its head wants more than `permits` (grant() restores this after
     *    every change that can break it: a release, a head that withdraws);
     *  - a waiter is granted exactly when it is taken off the queue by grant(); its permits were
     *    subtracted at that moment, so from then on they belong to it, whether or not it has resumed.
     *
     * The race at hand-off: a waiter whose await throws (cancelled) calls giveUp() (withdraw). Under the lock,
     * either it is still queued (withdraw unlinks it: it was never granted and owns nothing) or grant()
     * already took it off (it owns `wanted` permits, and releases them). The lock orders the two, so
     * exactly one of "withdrawn" and "granted then released" happens: no permit is lost or duplicated.
     */
    private final Object lock = new Object();
    private int permits;
    private final WaitQueue<Acquirer> waiters = new WaitQueue<>();

    /** A queued {@code acquire(wanted)}. */
    static final class Acquirer extends WaitQueue.Waiter {
        final int wanted;

        Acquirer(int wanted) {
            this.wanted = wanted;
        }
    }

    /**
     * @param permits the free permits at the start
     * @throws IllegalArgumentException when {@code permits} is negative
     */
    public Semaphore(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("a Semaphore needs permits >= 0, got " + permits);
        }
        this.permits = permits;
    }

    /** {@link #acquire(int) acquire(1)}. */
    @Suspendable
    public void acquire() {
        acquire(1);
    }

    /**
     * Takes {@code n} permits, waiting (suspending a task, blocking a plain thread) behind the earlier
     * waiters until they are free. All {@code n} are granted at once, never a part. A request for more
     * permits than will ever be released waits for ever, and (being fair) holds back every later one.
     *
     * @throws IllegalArgumentException when {@code n < 1}
     * @throws java.util.concurrent.CancellationException when the task is cancelled (or its
     *     {@code withTimeout} runs out) while it waits; then it holds none of the permits
     */
    @Suspendable
    public void acquire(int n) {
        Acquirer a = acquireOrEnqueue(n);
        if (a == null) {
            return;
        }
        try {
            a.wake.await();
        } catch (Throwable t) { // CancellationException; anything else gives up the same way
            giveUp(a);
            throw t;
        }
    }

    /** {@link #tryAcquire(int) tryAcquire(1)}. */
    public boolean tryAcquire() {
        return tryAcquire(1);
    }

    /**
     * Takes {@code n} permits if they are free and nobody is queued ahead; never waits.
     *
     * @throws IllegalArgumentException when {@code n < 1}
     */
    public boolean tryAcquire(int n) {
        checkCount(n);
        synchronized (lock) {
            if (waiters.isEmpty() && permits >= n) {
                permits -= n;
                return true;
            }
            return false;
        }
    }

    /** {@link #release(int) release(1)}. */
    public void release() {
        release(1);
    }

    /**
     * Adds {@code n} permits and wakes the waiters at the head of the queue that they now cover, in
     * order.
     *
     * @throws IllegalArgumentException when {@code n < 1}, or when the count would exceed
     *     {@link Integer#MAX_VALUE}
     */
    public void release(int n) {
        checkCount(n);
        Acquirer granted;
        synchronized (lock) {
            if (permits > Integer.MAX_VALUE - n) {
                throw new IllegalArgumentException("releasing " + n + " permits would exceed the maximum count "
                        + Integer.MAX_VALUE + " (free now: " + permits + ")");
            }
            permits += n;
            granted = grant();
        }
        WaitQueue.wakeAll(granted);
    }

    /** The free permits now (a snapshot): permits granted to a waiter that has not resumed yet are not free. */
    public int availablePermits() {
        synchronized (lock) {
            return permits;
        }
    }

    /** How many waiters are queued now (a snapshot, for monitoring and tests). */
    public int queueLength() {
        synchronized (lock) {
            return waiters.size();
        }
    }

    /** What the first queued waiter wants, or 0 when none waits (a snapshot, for the model check). */
    int headWanted() {
        synchronized (lock) {
            Acquirer head = waiters.peek();
            return head == null ? 0 : head.wanted;
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "Semaphore[permits=" + permits + ", waiters=" + waiters.size() + "]";
        }
    }

    // ------------------------------------------------ the non-suspending core (model-checked alone)

    /**
     * Takes {@code n} permits at once if they are free and nobody is queued (returns null), or queues
     * and returns a waiter whose signal fires when the permits are granted to it.
     */
    Acquirer acquireOrEnqueue(int n) {
        checkCount(n);
        synchronized (lock) {
            if (waiters.isEmpty() && permits >= n) {
                permits -= n;
                return null;
            }
            Acquirer a = new Acquirer(n);
            waiters.add(a);
            return a;
        }
    }

    /**
     * A waiter gives up: true when it was still queued (it holds nothing); false when the permits were
     * already granted to it (it holds them and must release them). Leaving the head can let the next
     * waiters go.
     */
    boolean withdraw(Acquirer a) {
        Acquirer granted;
        synchronized (lock) {
            if (!waiters.remove(a)) {
                return false;
            }
            granted = grant();
        }
        WaitQueue.wakeAll(granted);
        return true;
    }

    /**
     * A waiter whose wait ended without its grant (its await threw): withdraws it, or, when the
     * permits were granted to it at the same moment, releases them to the next waiters.
     */
    void giveUp(Acquirer a) {
        if (!withdraw(a)) {
            release(a.wanted);
        }
    }

    /**
     * Under the lock: takes off the queue, in order, the head waiters the free permits cover, and
     * subtracts their permits; returns them chained for {@link WaitQueue#wakeAll} after the lock.
     */
    private Acquirer grant() {
        Acquirer first = null;
        Acquirer last = null;
        for (Acquirer head = waiters.peek(); head != null && head.wanted <= permits; head = waiters.peek()) {
            waiters.poll();
            permits -= head.wanted;
            if (last == null) {
                first = head;
            } else {
                last.grantedNext = head;
            }
            last = head;
        }
        return first;
    }

    private static void checkCount(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a permit count must be >= 1, got " + n);
        }
    }
}
