package io.jcoro.scheduler.sync;

import java.util.concurrent.ConcurrentLinkedQueue;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.junit.jupiter.api.Test;

/**
 * Model-checks {@link Mutex}'s non-suspending core with Lincheck: {@code tryLock} (the calling thread
 * is the owner), {@code lockOrEnqueue} (what {@code lock} does before it awaits, for a fresh task
 * identity), unlock (by a holder, or by a waiter the lock was handed to), and {@code giveUp} (what a
 * waiter whose await threw does: withdraw, or pass on the lock handed to it at the same moment), on
 * three threads. Checked after every interleaving up to the bounds: the lock is never lost nor doubled
 * (the mutex has an owner exactly when exactly one of the callers holds it, and that caller is the
 * owner), it is never free while waiters wait, every waiter taken off the queue was handed the lock
 * and had its promise completed (no lost wake-up), and every waiter still queued has not. The checker
 * is shown to find the lock leaked by a waiter that forgets a hand-off it gets as it gives up.
 */
public class MutexLincheckTest {
    /** The real core. */
    public static class Real extends Model {
        public Real() {
            super(true);
        }
    }

    /** A waiter giving up ignores a hand-off it got at the same moment: the lock stays with it. */
    public static class ForgetsTheHandOff extends Model {
        public ForgetsTheHandOff() {
            super(false);
        }
    }

    /** A mutex, who holds it, and the waiters that have not given up. */
    public abstract static class Model {
        private final Mutex m = new Mutex();
        private final boolean real;
        /** Threads that took it by tryLock and have not unlocked: only the thread itself adds or removes itself. */
        private final ConcurrentLinkedQueue<Thread> threadHolders = new ConcurrentLinkedQueue<>();
        /** Task identities that took it at once in lockOrEnqueue and have not unlocked. */
        private final ConcurrentLinkedQueue<Object> taskHolders = new ConcurrentLinkedQueue<>();
        /** Waiters queued by lockOrEnqueue that have not given up nor unlocked: handed the lock, or queued. */
        private final ConcurrentLinkedQueue<Mutex.Locker> waiting = new ConcurrentLinkedQueue<>();

        Model(boolean real) {
            this.real = real;
        }

        /** The public tryLock: the owner is this thread (never twice: not reentrant). */
        @Operation
        public void tryLock() {
            if (!m.isHeldByCurrent() && m.tryLock()) {
                threadHolders.add(Thread.currentThread());
            }
        }

        /** A task's lock up to its await: takes the lock at once, or queues a waiter. */
        @Operation
        public void lock() {
            Object task = new Object();
            Mutex.Locker l = m.lockOrEnqueue(task);
            if (l == null) {
                taskHolders.add(task);
            } else {
                waiting.add(l);
            }
        }

        /** Unlocks: this thread's tryLock hold, else a task's, else that of a waiter handed the lock. */
        @Operation
        public void unlock() {
            if (threadHolders.remove(Thread.currentThread())) {
                m.unlock();
                return;
            }
            Object task = taskHolders.poll();
            if (task != null) {
                m.unlockBy(task);
                return;
            }
            for (Mutex.Locker l : waiting) {
                if (l.wake.isDone() && waiting.remove(l)) {
                    m.unlockBy(l.owner);
                    return;
                }
            }
        }

        /** The oldest waiter's await throws (cancelled), whether or not the lock was handed to it meanwhile. */
        @Operation
        public void giveUp() {
            Mutex.Locker l = waiting.poll();
            if (l != null && (real || !l.wake.isDone())) {
                m.giveUp(l);
            }
        }

        @Validate
        public void check() {
            Object owner = m.owner();
            int holders = threadHolders.size() + taskHolders.size();
            boolean ownerHolds = threadHolders.contains(owner) || taskHolders.contains(owner);
            int pending = 0;
            for (Mutex.Locker l : waiting) {
                if (l.wake.isDone()) {
                    holders++;
                    ownerHolds |= l.owner == owner;
                } else {
                    pending++;
                }
            }
            if (holders != (owner == null ? 0 : 1) || (owner != null && !ownerHolds)) {
                throw new IllegalStateException("lock lost or doubled: the owner is " + owner + ", and " + holders
                        + " callers hold it");
            }
            if (pending != m.queueLength()) {
                throw new IllegalStateException("lost wake-up: " + m.queueLength() + " queued, but " + pending
                        + " waiters' promises are pending");
            }
            if (owner == null && m.queueLength() > 0) {
                throw new IllegalStateException("the lock is free while " + m.queueLength() + " wait");
            }
        }
    }

    @Test
    void noInterleavingLosesOrDoublesTheLockOrLosesAWakeUp() {
        LinChecker.check(Real.class, ModelChecks.threeThreads(10, 100));
    }

    @Test
    void theCheckerFindsTheLockLeakedByAWaiterThatForgetsAHandOff() {
        ModelChecks.assertFinds(ForgetsTheHandOff.class, ModelChecks.threeThreads(50, 100), "lock lost or doubled");
    }
}
