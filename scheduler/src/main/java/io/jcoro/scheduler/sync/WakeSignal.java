package io.jcoro.scheduler.sync;

import io.jcoro.Continuation;
import io.jcoro.Suspendable;
import io.jcoro.internal.Coroutine;
import io.jcoro.internal.WovenCalls;
import io.jcoro.internal.Waiter;
import java.util.concurrent.locks.LockSupport;

/**
 * The wake-up of one waiting operation of a primitive (a channel send or receive, a select): the
 * waiting task or thread {@link #await}s it, and whoever granted the operation {@link #fire}s it. What
 * a {@code Promise<Void>} did here before, without allocating per wait: a primitive keeps the signal
 * of a waiter whose wait ended and {@link #prepare}s it again for the next wait, and a task's wait arms
 * the signal itself as its wake-up token ({@link Waiter#armToken}), where an await of a promise
 * allocates a listener.
 *
 * <p>Protocol. One wait: the waiting side calls {@link #prepare} (which records who waits: the task
 * running on this thread, else the thread) before it publishes the signal to wakers (by queueing its
 * node under the primitive's lock), then {@link #await}. At most one waker calls {@link #fire} per
 * wait: the one that won the waiter's claim (so a waker is always decided by a CAS elsewhere).
 * <ul>
 *   <li>fire: {@code fired = true}; then, for a task, consume the arming ({@code disarm(this)}, a CAS
 *       on the task's token) and, if that won, wake the task; for a thread, unpark it. Then
 *       {@code quiet = true}: the firer touches nothing after.
 *   <li>await in a task: arm ({@code armToken(this)}), then look at {@code fired} again. Both sides
 *       write one volatile and then read the other's, so either the firer's CAS finds the arming (and
 *       wakes the task) or the await sees {@code fired}; when both do, the one CAS on the task's token
 *       decides whether a wake-up comes (the await then suspends once more to receive it) or not.
 *   <li>a stop (cancellation, timeout) consumes the arming too and wakes the task; the await then
 *       throws unless {@code fired} (the operation was granted just before: it completes).
 * </ul>
 * Reuse: {@link #prepare} only when {@link #isQuiet()}: the last firer has made its CAS on the task's
 * token, so it can never consume a later arming with this same signal (which is all that tells two
 * waits apart). A wait that a stop ended may still have a firer on its way: its signal is not reused.
 *
 * <p>Threads: {@code owner} is written by the waiting side before the signal is published and read by
 * the firer after, ordered by the lock or CAS that published it; {@code fired} and {@code quiet} are
 * volatile.
 */
final class WakeSignal {
    /** The waiting task (a {@link Waiter}), the blocked thread, or null: a plain continuation, which polls. */
    private Object owner;
    private volatile boolean fired;
    /** True once the last wait's firer is done with the signal (or before its first wait). */
    private volatile boolean quiet = true;

    /** A signal prepared for a wait by the calling task or thread. */
    WakeSignal() {
        prepare();
    }

    /** A signal prepared for a wait by {@code owner} (see {@link #prepareFor}). */
    WakeSignal(Object owner) {
        prepareFor(owner);
    }

    /**
     * Makes the signal new for a wait by the calling task or thread; before publishing it, and only
     * when {@link #isQuiet()} (or never fired).
     */
    void prepare() {
        Coroutine running = WovenCalls.currentStore();
        prepareFor(running instanceof Waiter ? running : running == null ? Thread.currentThread() : null);
    }

    /** {@link #prepare} for {@code owner}: a {@link Waiter}, a thread or null (a model check's fake task, say). */
    void prepareFor(Object owner) {
        this.owner = owner;
        fired = false;
        quiet = false;
    }

    /** Whether the operation was granted: the signal fired. */
    boolean isDone() {
        return fired;
    }

    /** Whether the last firer is done with the signal, so that it may be prepared for another wait. */
    boolean isQuiet() {
        return quiet;
    }

    /** Grants the wait: wakes the waiting task or thread. Once per wait, by the winner of its claim; holding no lock. */
    void fire() {
        Object o = owner;
        fired = true;
        if (o instanceof Waiter) {
            Waiter task = (Waiter) o;
            boolean won = task.disarm(this);
            quiet = true;
            if (won) {
                task.wakeDisarmed();
            }
        } else {
            if (o != null) {
                LockSupport.unpark((Thread) o);
            }
            quiet = true;
        }
    }

    /**
     * Waits until the signal fired: suspends the task, or blocks the thread (uninterruptibly, as
     * {@code Async.await} does; an interrupt is kept for later), or, in a plain continuation,
     * suspends and looks again at each resume.
     *
     * <p>A primitive's hot wait (a channel's send and receive) does the same in its own frame, to save
     * the frame of this method on each suspension and restore:
     * {@code if (s.mustSuspend()) { do { Continuation.suspend(); } while (!s.resumedDone()); }}.
     *
     * @throws java.util.concurrent.CancellationException when the task must stop (cancelled, or its
     *     {@code withTimeout} ran out) and the signal did not fire
     */
    @Suspendable
    void await() {
        if (mustSuspend()) {
            do {
                Continuation.suspend();
            } while (!resumedDone());
        }
    }

    /**
     * The start of a wait: {@code false} when it is over without a suspension (the signal fired, or the
     * calling thread, which runs no coroutine, blocked until it did); {@code true} when the caller must
     * suspend, the task armed with this signal (a plain continuation suspends unarmed, and polls).
     *
     * @throws java.util.concurrent.CancellationException when the task must stop and the signal did not fire
     */
    boolean mustSuspend() {
        if (fired) {
            return false;
        }
        Coroutine running = WovenCalls.currentStore();
        if (running == null) {
            block();
            return false;
        }
        return !(running instanceof Waiter) || arm((Waiter) running);
    }

    /**
     * After each resume of a wait that {@link #mustSuspend} began: {@code true} when the wait is over
     * (the signal fired); {@code false} when the caller must suspend again (a spurious resume, re-armed;
     * a plain continuation's resume before the fire).
     *
     * @throws java.util.concurrent.CancellationException when the task was woken to stop (the stop
     *     consumed the arming) and the signal did not fire
     */
    boolean resumedDone() {
        if (fired) {
            return true;
        }
        Coroutine resumed = WovenCalls.currentStore();
        if (resumed instanceof Waiter) {
            // woken to stop (the stop consumed the arming), or spuriously
            Waiter task = (Waiter) resumed;
            if (task.stopRequested()) {
                throw task.stopException();
            }
            task.spuriousResume();
            return !arm(task);
        }
        return false; // a plain continuation: each resume looks again
    }

    /**
     * Arms the task's wake-up with this signal: {@code true} when the task must suspend (a wake-up will
     * come), {@code false} when the signal fired meanwhile and no wake-up is coming.
     */
    boolean arm(Waiter task) {
        if (task.stopRequested()) {
            throw task.stopException();
        }
        task.armToken(this);
        // a fire or a stop after the checks above: if this thread takes the arming back, no wake-up is
        // coming, so return or stop now; otherwise a wake-up consumed it and is on its way: suspend once
        if ((fired || task.stopRequested()) && task.disarm(this)) {
            if (fired) {
                return false;
            }
            throw task.stopException();
        }
        return true;
    }

    private void block() {
        boolean interrupted = false;
        while (!fired) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
