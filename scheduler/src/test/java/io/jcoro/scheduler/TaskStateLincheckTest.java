package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Model-checks a task's run-state transitions ({@link TaskState}) with Lincheck: wake-ups from any
 * thread race the task's runs (on any thread, one at a time, as the scheduler hands a queued task to one
 * worker) and a cancellation. Checked in every interleaving up to the bounds: the task is never queued
 * twice, never runs on two threads at once, is never started unless queued, and no wake-up is lost (a
 * wake-up that no run has started after leaves the task queued). The checker is shown to find a lost
 * wake-up in transitions that drop a wake-up arriving while the task runs.
 */
public class TaskStateLincheckTest {
    /** What a wake-up or the end of a run does to a run state: the real transitions, or broken ones. */
    interface Transitions {
        boolean start(Object task);

        boolean suspendedRequeues(Object task);

        boolean wakeDispatches(Object task);

        boolean cancel(Object task);
    }

    /** The transitions of {@link TaskState}. */
    static final class Real implements Transitions {
        private final TaskState states;

        Real(VarHandle run, VarHandle cancel) {
            states = new TaskState(run, cancel);
        }

        @Override
        public boolean start(Object task) {
            return states.start(task);
        }

        @Override
        public boolean suspendedRequeues(Object task) {
            return states.suspended(task) == TaskState.AfterRun.REQUEUE;
        }

        @Override
        public boolean wakeDispatches(Object task) {
            return states.wake(task) == TaskState.Wake.DISPATCH;
        }

        @Override
        public boolean cancel(Object task) {
            return states.cancel(task);
        }
    }

    /** Forgets a wake-up that comes while the task runs (no NOTIFIED state). */
    static final class ForgetsWhileRunning implements Transitions {
        private final VarHandle run;
        private final TaskState states;

        ForgetsWhileRunning(VarHandle run, VarHandle cancel) {
            this.run = run;
            this.states = new TaskState(run, cancel);
        }

        @Override
        public boolean start(Object task) {
            return states.start(task);
        }

        @Override
        public boolean suspendedRequeues(Object task) {
            run.setVolatile(task, TaskState.IDLE);
            return false;
        }

        @Override
        public boolean wakeDispatches(Object task) {
            return run.compareAndSet(task, TaskState.IDLE, TaskState.SCHEDULED);
        }

        @Override
        public boolean cancel(Object task) {
            return states.cancel(task);
        }
    }

    /** A task's two state fields, its queue entries and the checks, around some transitions. */
    public abstract static class Model {
        private static final VarHandle RUN, CANCEL;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                RUN = lookup.findVarHandle(Model.class, "runState", int.class);
                CANCEL = lookup.findVarHandle(Model.class, "cancelState", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private volatile int runState = TaskState.SCHEDULED; // spawned: queued once
        private volatile int cancelState = TaskState.ACTIVE;
        private final Transitions transitions;
        /** How many times the task is in the scheduler's queue (must stay 0 or 1). */
        private final AtomicInteger queued = new AtomicInteger(1);
        /** How many threads run it now (must stay 0 or 1). */
        private final AtomicInteger running = new AtomicInteger();
        /** Wake-ups so far, and how many of them the last run to start had seen. */
        private final AtomicInteger wakes = new AtomicInteger();
        private volatile int wakesSeenByLastRun;

        Model(boolean real) {
            transitions = real ? new Real(RUN, CANCEL) : new ForgetsWhileRunning(RUN, CANCEL);
        }

        private void enqueue() {
            if (queued.incrementAndGet() > 1) {
                throw new IllegalStateException("the task is queued twice");
            }
        }

        /** A wake-up from any thread: a promise settled, a timer fired, a cancellation. */
        @Operation
        public void wake() {
            wakes.incrementAndGet();
            if (transitions.wakeDispatches(this)) {
                enqueue();
            }
        }

        /** A worker takes the task from the queue, if it is there, and runs it until it suspends. */
        @Operation
        public void runIfQueued() {
            int q = queued.get();
            if (q == 0 || !queued.compareAndSet(q, q - 1)) {
                return; // not queued (or another worker took it)
            }
            if (!transitions.start(this)) {
                throw new IllegalStateException("a queued task could not start");
            }
            if (running.incrementAndGet() > 1) {
                throw new IllegalStateException("the task runs on two threads at once");
            }
            wakesSeenByLastRun = wakes.get();
            running.decrementAndGet();
            if (transitions.suspendedRequeues(this)) {
                enqueue();
            }
        }

        @Operation
        public boolean cancel() {
            return transitions.cancel(this);
        }

        @Validate
        public void noLostWakeUp() {
            if (wakes.get() > wakesSeenByLastRun && runState != TaskState.SCHEDULED) {
                throw new IllegalStateException("lost wake-up: a wake-up after the last run started left the task "
                        + "in state " + runState);
            }
            if ((runState == TaskState.SCHEDULED) != (queued.get() == 1)) {
                throw new IllegalStateException("state " + runState + " but queued " + queued.get() + " times");
            }
        }
    }

    public static class RealModel extends Model {
        public RealModel() {
            super(true);
        }
    }

    public static class BrokenModel extends Model {
        public BrokenModel() {
            super(false);
        }
    }

    private static ModelCheckingOptions options() {
        return new ModelCheckingOptions()
                .iterations(10)
                .invocationsPerIteration(200)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(0)
                .actorsAfter(0);
    }

    @Test
    void noInterleavingQueuesTwiceRunsTwiceOrLosesAWakeUp() {
        LinChecker.check(RealModel.class, options());
    }

    @Test
    void theCheckerFindsTheLostWakeUpOfTransitionsWithoutNotified() {
        AssertionError e = assertThrows(AssertionError.class, () -> LinChecker.check(BrokenModel.class, options()));
        assertTrue(e.getMessage().contains("lost wake-up"), e.getMessage());
    }
}
