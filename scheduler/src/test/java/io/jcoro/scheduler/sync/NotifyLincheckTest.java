package io.jcoro.scheduler.sync;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.junit.jupiter.api.Test;

/**
 * Model-checks {@link Notify}'s non-suspending core with Lincheck: {@code notifyOne},
 * {@code notifyWaiters}, {@code consumeOrEnqueue} (what {@code notified} does before it awaits) and
 * {@code giveUp} (what a waiter whose await threw does: withdraw, or pass on a notifyOne that picked
 * it at the same moment), on three threads. Checked after every interleaving up to the bounds: no
 * permit is stored while waiters wait; every waiter taken off the queue had its promise completed (no
 * lost wake-up) and every waiter still queued has not; no notification is made up (the notifyOne
 * deliveries still standing, namely permits consumed, waiters it woke and the stored permit, are at
 * most the notifyOne calls, and a waiter woken by notifyWaiters needs one); and none is lost outright
 * (after a notifyOne, at least one delivery stands: a permit absorbs notifications only while stored,
 * so the count is no tighter). The checker is shown to find the notification lost by a waiter that
 * gives up without passing on the notifyOne that picked it.
 */
public class NotifyLincheckTest {
    /** The real core. */
    public static class Real extends Model {
        public Real() {
            super(true);
        }
    }

    /** A waiter giving up ignores a notifyOne that picked it at the same moment. */
    public static class DropsThePickedNotification extends Model {
        public DropsThePickedNotification() {
            super(false);
        }
    }

    /** A Notify, what it delivered, and the waiters that have not given up. */
    public abstract static class Model {
        private final Notify n = new Notify();
        private final boolean real;
        private final AtomicInteger notifyOnes = new AtomicInteger();
        private final AtomicInteger notifyWaiterses = new AtomicInteger();
        /** notified() calls that returned at once on the stored permit. */
        private final AtomicInteger consumed = new AtomicInteger();
        /** Waiters queued by consumeOrEnqueue that have not given up: notified (promise done) or queued. */
        private final ConcurrentLinkedQueue<Notify.Listener> waiting = new ConcurrentLinkedQueue<>();

        Model(boolean real) {
            this.real = real;
        }

        @Operation
        public void notifyOne() {
            notifyOnes.incrementAndGet();
            n.notifyOne();
        }

        @Operation
        public void notifyWaiters() {
            notifyWaiterses.incrementAndGet();
            n.notifyWaiters();
        }

        /** A notified() up to its await: consumes the permit, or queues a waiter. */
        @Operation
        public void notified() {
            Notify.Listener l = n.consumeOrEnqueue();
            if (l == null) {
                consumed.incrementAndGet();
            } else {
                waiting.add(l);
            }
        }

        /** The oldest waiter's await throws (cancelled), whether or not it was notified meanwhile. */
        @Operation
        public void giveUp() {
            Notify.Listener l = waiting.poll();
            if (l != null && (real || !l.wake.isDone())) {
                n.giveUp(l);
            }
        }

        @Validate
        public void check() {
            int byOne = 0;
            int byAll = 0;
            int pending = 0;
            for (Notify.Listener l : waiting) {
                if (!l.wake.isDone()) {
                    pending++;
                } else if (l.byOne) { // written under the Notify's monitor before the promise completed
                    byOne++;
                } else {
                    byAll++;
                }
            }
            boolean permit = n.hasPermit();
            int queued = n.queueLength();
            if (permit && queued > 0) {
                throw new IllegalStateException("a permit is stored while " + queued + " wait");
            }
            if (pending != queued) {
                throw new IllegalStateException("lost wake-up: " + queued + " queued, but " + pending
                        + " waiters' promises are pending");
            }
            int delivered = consumed.get() + byOne + (permit ? 1 : 0);
            if (delivered > notifyOnes.get() || (byAll > 0 && notifyWaiterses.get() == 0)) {
                throw new IllegalStateException("made-up notification: " + delivered + " notifyOne deliveries of "
                        + notifyOnes.get() + " calls, " + byAll + " woken by notifyWaiters");
            }
            if (notifyOnes.get() > 0 && delivered == 0) {
                throw new IllegalStateException("lost notification: " + notifyOnes.get()
                        + " notifyOne calls, and no waiter woken, no permit consumed or stored");
            }
        }
    }

    @Test
    void noInterleavingLosesOrMakesUpANotificationOrAWakeUp() {
        LinChecker.check(Real.class, ModelChecks.threeThreads(10, 100));
    }

    @Test
    void theCheckerFindsTheNotificationLostByAWaiterThatDoesNotPassItOn() {
        ModelChecks.assertFinds(DropsThePickedNotification.class, ModelChecks.threeThreads(50, 100), "lost notification");
    }
}
