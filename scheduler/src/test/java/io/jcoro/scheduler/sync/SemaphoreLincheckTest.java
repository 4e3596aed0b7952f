package io.jcoro.scheduler.sync;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.junit.jupiter.api.Test;

/**
 * Model-checks {@link Semaphore}'s non-suspending core with Lincheck: {@code tryAcquire},
 * {@code acquireOrEnqueue} (what {@code acquire} does before it awaits), {@code release}, and
 * {@code giveUp} (what a waiter whose await threw does: withdraw, or pass on the permits granted at the
 * same moment), on several threads. Checked after every interleaving up to the bounds: no permit is lost
 * or made up (free + held + granted to waiters = the initial count), every waiter taken off the queue has
 * had its promise completed (no lost wake-up) and every waiter still queued has not, and no waiter is left
 * queued at the head while the free permits cover it. Operations return nothing: the checks are the
 * validation. The checker is shown to find the lost permit of a giveUp that only withdraws.
 */

public class SemaphoreLincheckTest {
    static final int INITIAL = 2;

    /** The real core. */
    public static class Real extends Model {
        public Real() {
            super(true);
        }
    }

    /** A waiter giving up only withdraws: permits granted to it at the same moment are lost. */
    public static class WithdrawOnly extends Model {
        public WithdrawOnly() {
            super(false);
        }
    }

    /** A semaphore, the permits its callers hold, and the waiters that have not given up. */
    public abstract static class Model {
        private final Semaphore s = new Semaphore(INITIAL);
        private final boolean real;
        /** Permits taken at once (not through a waiter) and not released yet. */
        private final AtomicInteger held = new AtomicInteger();
        /** Waiters queued by acquireOrEnqueue that have not given up: granted (promise done) or queued. */
        private final ConcurrentLinkedQueue<Semaphore.Acquirer> waiting = new ConcurrentLinkedQueue<>();

        Model(boolean real) {
            this.real = real;
        }

        @Operation
        public void tryAcquire(@Param(gen = IntGen.class, conf = "1:2") int n) {
            if (s.tryAcquire(n)) {
                held.addAndGet(n);
            }
        }

        /** An acquire up to its await: takes the permits at once, or queues a waiter. */
        @Operation
        public void acquire(@Param(gen = IntGen.class, conf = "1:2") int n) {
            Semaphore.Acquirer a = s.acquireOrEnqueue(n);
            if (a == null) {
                held.addAndGet(n);
            } else {
                waiting.add(a);
            }
        }

        /** Releases a permit taken at once, if any is held. */
        @Operation
        public void release() {
            int h = held.get();
            if (h > 0 && held.compareAndSet(h, h - 1)) {
                s.release(1);
            }
        }

        /** The oldest waiter's await throws (cancelled), whether or not it was granted meanwhile. */
        @Operation
        public void giveUp() {
            Semaphore.Acquirer a = waiting.poll();
            if (a != null) {
                if (real) {
                    s.giveUp(a);
                } else {
                    s.withdraw(a);
                }
            }
        }

        @Validate
        public void check() {
            int granted = 0;
            int stillQueued = 0;
            for (Semaphore.Acquirer a : waiting) {
                if (a.wake.isDone()) {
                    granted += a.wanted;
                } else {
                    stillQueued++;
                }
            }
            int free = s.availablePermits();
            if (free + held.get() + granted != INITIAL) {
                throw new IllegalStateException("lost or made-up permits: free " + free + " + held " + held.get()
                        + " + granted to waiters " + granted + " != " + INITIAL);
            }
            if (stillQueued != s.queueLength()) {
                throw new IllegalStateException("lost wake-up: " + s.queueLength() + " queued, but " + stillQueued
                        + " waiters' promises are pending");
            }
            if (s.queueLength() > 0 && s.headWanted() <= free) {
                throw new IllegalStateException("stuck waiter: the head wants " + s.headWanted() + " and " + free
                        + " are free");
            }
        }
    }

    @Test
    void noInterleavingLosesAPermitOrAWakeUp() {
        LinChecker.check(Real.class, ModelChecks.threeThreads(10, 150));
    }

    @Test
    void theCheckerFindsThePermitsLostByAGiveUpThatOnlyWithdraws() {
        ModelChecks.assertFinds(WithdrawOnly.class, ModelChecks.threeThreads(50, 150), "lost or made-up permits");
    }
}
