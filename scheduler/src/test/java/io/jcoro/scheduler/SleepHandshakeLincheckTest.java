package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Model-checks the event loop's sleep/wake-up handshake ({@link SleepHandshake}) with Lincheck: the
 * interleavings of producers that queue work and wake the loop with a loop that drains its queue and
 * goes to sleep, up to the checker's bounds. The selector is modelled by a wake-up token, as
 * {@code Selector.wakeup()} behaves: it makes the current or next {@code select} return. The property,
 * checked after each scenario: the loop never ends asleep with work queued and no wake-up pending (a
 * lost wake-up, which would leave a task unrun for ever). The checker is shown to find that bug in a
 * handshake that looks at the queue before it announces that it sleeps.
 */
public class SleepHandshakeLincheckTest {
    /** The loop's side of a handshake: the real one, or the broken one below. */
    interface LoopSide {
        boolean prepareToSleep(BooleanSupplier workPending);

        void awake();

        boolean wakeNeeded();
    }

    /** The real handshake. */
    public static class Real extends Model {
        public Real() {
            super(new LoopSide() {
                private final SleepHandshake h = new SleepHandshake();

                @Override
                public boolean prepareToSleep(BooleanSupplier workPending) {
                    return h.prepareToSleep(workPending);
                }

                @Override
                public void awake() {
                    h.awake();
                }

                @Override
                public boolean wakeNeeded() {
                    return h.wakeNeeded();
                }
            });
        }
    }

    /** Looks at the queue before it announces that it sleeps: a producer in between is not seen. */
    public static class LooksFirst extends Model {
        public LooksFirst() {
            super(new LoopSide() {
                private volatile boolean sleeping;

                @Override
                public boolean prepareToSleep(BooleanSupplier workPending) {
                    if (workPending.getAsBoolean()) {
                        return false;
                    }
                    sleeping = true;
                    return true;
                }

                @Override
                public void awake() {
                    sleeping = false;
                }

                @Override
                public boolean wakeNeeded() {
                    if (sleeping) {
                        sleeping = false;
                        return true;
                    }
                    return false;
                }
            });
        }
    }

    /** The loop and its producers around a handshake. */
    public abstract static class Model {
        private final LoopSide handshake;
        private final ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
        /** A pending {@code Selector.wakeup()}. */
        private volatile boolean wakeupPending;
        /** The loop is blocked in {@code select} (loop thread only). */
        private boolean asleep;

        Model(LoopSide handshake) {
            this.handshake = handshake;
        }

        /** A producer on any thread: queue an item, then wake the loop if it has to be. */
        @Operation
        public void queueWork(int item) {
            queue.offer(item);
            if (handshake.wakeNeeded()) {
                wakeupPending = true;
            }
        }

        /**
         * One step of the loop thread: if blocked in select, return from it when a wake-up is pending;
         * otherwise drain the queue, then try to sleep (as EventLoopScheduler.sleep does).
         */
        @Operation(nonParallelGroup = "loop")
        public void loopStep() {
            if (asleep) {
                if (!wakeupPending) {
                    return; // still blocked in select
                }
                wakeupPending = false;
                asleep = false;
                handshake.awake();
            }
            while (queue.poll() != null) {
                // runs it
            }
            if (handshake.prepareToSleep(() -> !queue.isEmpty())) {
                if (wakeupPending) { // select returns at once
                    wakeupPending = false;
                    handshake.awake();
                } else {
                    asleep = true;
                }
            }
        }

        @Validate
        public void noLostWakeUp() {
            if (asleep && !queue.isEmpty() && !wakeupPending) {
                throw new IllegalStateException("lost wake-up: the loop sleeps with " + queue.size()
                        + " queued item(s) and no wake-up pending");
            }
        }
    }

    private static ModelCheckingOptions options() {
        return new ModelCheckingOptions()
                .iterations(10)
                .invocationsPerIteration(200)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(0)
                .actorsAfter(0); // work queued after the parallel part would wake the loop and hide a lost wake-up
    }

    @Test
    void noInterleavingLosesAWakeUp() {
        LinChecker.check(Real.class, options());
    }

    @Test
    void theCheckerFindsTheLostWakeUpOfAHandshakeThatLooksBeforeItAnnounces() {
        AssertionError e = assertThrows(AssertionError.class, () -> LinChecker.check(LooksFirst.class, options()));
        assertTrue(e.getMessage().contains("lost wake-up"), e.getMessage());
    }
}
