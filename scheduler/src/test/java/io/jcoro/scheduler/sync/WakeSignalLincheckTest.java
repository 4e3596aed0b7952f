package io.jcoro.scheduler.sync;

import io.jcoro.internal.PromiseListener;
import io.jcoro.internal.Waiter;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.junit.jupiter.api.Test;

/**
 * Model-checks {@link WakeSignal}'s hand-shake with Lincheck: a task's wait arming the signal as its
 * wake-up token ({@link WakeSignal#arm}, what {@code await} does before it suspends), the granting
 * side's {@link WakeSignal#fire}, and a stop (a cancellation consuming the task's arming and waking
 * it, as {@code CoroutineTask.wakeForStop} does), each at most once, on three threads. The task is a
 * fake {@link Waiter} that counts its wake-ups. Checked after every interleaving up to the bounds: a
 * wait that suspended is woken exactly once when a fire or a stop came, and never otherwise (a lost
 * wake-up leaves a task waiting for ever; a second one would run it during a later wait), and a fire
 * that ended while the wait was suspended woke it before any stop could (a stop wakes any suspended
 * wait, so it would hide a lost fire); a wait that did not suspend is never woken, and returned only
 * because the signal fired; a fire leaves the signal quiet (reusable). The checker is shown to find
 * the lost wake-up of an arming that does not look at the signal again after arming.
 */
public class WakeSignalLincheckTest {
    static final String SUSPENDED = "suspended", RETURNED = "returned", STOPPED = "stopped";

    /** The real arming. */
    public static class Real extends Model {
        @Override
        String arm(WakeSignal signal, FakeTask task) {
            return signal.arm(task) ? SUSPENDED : RETURNED;
        }
    }

    /** Arms, then looks only for a stop: a fire that came just before the arming is never seen. */
    public static class ForgetsTheFire extends Model {
        @Override
        String arm(WakeSignal signal, FakeTask task) {
            task.armToken(signal);
            if (task.stopRequested() && task.disarm(signal)) {
                throw task.stopException();
            }
            return SUSPENDED;
        }
    }

    /** The task side of a wait: its token, its stop flag and the wake-ups it got. */
    static final class FakeTask implements Waiter {
        final AtomicReference<Object> armed = new AtomicReference<>();
        final AtomicInteger wakes = new AtomicInteger();
        volatile boolean stop;

        @Override
        public boolean stopRequested() {
            return stop;
        }

        @Override
        public RuntimeException stopException() {
            return new CancellationException("stopped");
        }

        @Override
        public PromiseListener arm(Object awaited) {
            throw new UnsupportedOperationException("a signal's wait arms a token");
        }

        @Override
        public void armToken(Object token) {
            armed.set(token);
        }

        @Override
        public boolean disarm(Object token) {
            return armed.compareAndSet(token, null);
        }

        @Override
        public void wakeDisarmed() {
            wakes.incrementAndGet();
        }

        @Override
        public void spuriousResume() {
            throw new AssertionError("no spurious resume in the model");
        }
    }

    public abstract static class Model {
        private final FakeTask task = new FakeTask();
        private final WakeSignal signal = new WakeSignal(task);
        private final AtomicBoolean waited = new AtomicBoolean(), fired = new AtomicBoolean(),
                stopped = new AtomicBoolean();
        private volatile String outcome;
        /** Wake-ups by a stop; the fire's go through the task's wakeDisarmed. */
        private final AtomicInteger stopWakes = new AtomicInteger();
        private volatile boolean fireDone;
        /** Seen by the stop as it began: a fire and a suspended wait were done, and nobody had woken the wait. */
        private volatile boolean fireLost;

        abstract String arm(WakeSignal signal, FakeTask task);

        /** The wait up to its suspension: suspends, returns at once (fired), or stops. */
        @Operation
        public void await() {
            if (waited.compareAndSet(false, true)) {
                try {
                    outcome = arm(signal, task);
                } catch (CancellationException e) {
                    outcome = STOPPED;
                }
            }
        }

        @Operation
        public void fire() {
            if (fired.compareAndSet(false, true)) {
                signal.fire();
                fireDone = true;
            }
        }

        /**
         * A cancellation: the stop flag, then the wake-up of an armed wait (CoroutineTask.wakeForStop),
         * counted apart from the fire's.
         */
        @Operation
        public void stop() {
            if (stopped.compareAndSet(false, true)) {
                // a stop wakes a suspended wait whatever happened before, so it would hide a fire that was
                // lost: a fire and a suspended wait both done and no wake-up yet is that loss
                fireLost = fireDone && SUSPENDED.equals(outcome) && task.wakes.get() == 0;
                task.stop = true;
                Object token = task.armed.get();
                if (token != null && task.disarm(token)) {
                    stopWakes.incrementAndGet();
                }
            }
        }

        @Validate
        public void check() {
            int wakes = task.wakes.get() + stopWakes.get();
            String o = outcome;
            if (SUSPENDED.equals(o)) {
                int expected = fired.get() || stopped.get() ? 1 : 0;
                if (wakes != expected) {
                    throw new IllegalStateException("a suspended wait was woken " + wakes + " times, expected " + expected
                            + " (fire: " + fired.get() + ", stop: " + stopped.get() + ")");
                }
                if (fireLost) {
                    throw new IllegalStateException("a suspended wait was woken 0 times by a fire that ended before the stop");
                }
            } else if (wakes != 0) {
                throw new IllegalStateException("a wait that " + o + " was woken " + wakes + " times");
            }
            if (RETURNED.equals(o) && !signal.isDone()) {
                throw new IllegalStateException("a wait returned without its signal having fired");
            }
            if (fired.get() && !signal.isQuiet()) {
                throw new IllegalStateException("a fired signal is not quiet");
            }
        }
    }

    @Test
    void theHandshakeNeitherLosesNorDuplicatesAWakeUp() {
        LinChecker.check(Real.class, ModelChecks.threeThreads(50, 200));
    }

    @Test
    void theCheckFindsAnArmingThatForgetsTheFire() {
        ModelChecks.assertFinds(ForgetsTheFire.class, ModelChecks.threeThreads(50, 200), "woken 0 times");
    }
}
