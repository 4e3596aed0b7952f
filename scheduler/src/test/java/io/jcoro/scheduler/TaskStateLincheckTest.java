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
 * worker), runs that end the body, a cancellation (which wakes the task) and a closing scheduler's
 * abandon. Checked in every interleaving up to the bounds: the task is never queued twice, never runs on
 * two threads at once, is never started unless queued, never runs after its body ended, no wake-up is
 * lost (a wake-up that no run has started after leaves a task that is not done queued), and exactly one
 * of a cancellation and the body's end decides the outcome. The checker is shown to find a lost
 * wake-up in transitions that drop a wake-up arriving while the task runs.
 */
public class TaskStateLincheckTest {
    /** What a wake-up or the end of a run does to a run state: the real transitions, or broken ones. */
    interface Transitions {
        boolean start(Object task);

        boolean suspendedRequeues(Object task);

        boolean wakeDispatches(Object task);

        boolean cancel(Object task);

        /** The body ended on the runner: whether it won over a cancellation; the task is DONE after. */
        boolean bodyEnded(Object task);

        boolean abandon(Object task);
    }

    /** The transitions of {@link TaskState}. */
    static class Real implements Transitions {
        private final VarHandle run;
        private final VarHandle cancel;

        Real(VarHandle run, VarHandle cancel) {
            this.run = run;
            this.cancel = cancel;
        }

        @Override
        public boolean start(Object task) {
            return TaskState.start(run, task);
        }

        @Override
        public boolean suspendedRequeues(Object task) {
            return TaskState.suspended(run, task) == TaskState.AfterRun.REQUEUE;
        }

        @Override
        public boolean wakeDispatches(Object task) {
            return TaskState.wake(run, task) == TaskState.Wake.DISPATCH;
        }

        @Override
        public boolean cancel(Object task) {
            return TaskState.cancel(cancel, task);
        }

        @Override
        public boolean bodyEnded(Object task) {
            boolean won = TaskState.bodyFinished(cancel, task);
            TaskState.finished(run, task);
            return won;
        }

        @Override
        public boolean abandon(Object task) {
            return TaskState.abandon(run, task);
        }
    }

    /** The real transitions, except that a wake-up coming while the task runs is forgotten (no NOTIFIED state). */
    static final class ForgetsWhileRunning extends Real {
        private final VarHandle run;

        ForgetsWhileRunning(VarHandle run, VarHandle cancel) {
            super(run, cancel);
            this.run = run;
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
        /** How many calls decided the outcome: a cancellation that won, or a body that ended first. */
        private final AtomicInteger outcomesDecided = new AtomicInteger();
        private volatile boolean bodyEnded;
        private volatile boolean abandoned;

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
            if (takeAndStart()) {
                if (transitions.suspendedRequeues(this)) {
                    enqueue();
                }
            }
        }

        /** A worker takes the task from the queue, if it is there, and runs it to the end of its body. */
        @Operation
        public void runToTheEnd() {
            if (takeAndStart()) {
                bodyEnded = true;
                if (transitions.bodyEnded(this)) {
                    outcomesDecided.incrementAndGet();
                }
            }
        }

        private boolean takeAndStart() {
            int q = queued.get();
            if (q == 0 || !queued.compareAndSet(q, q - 1)) {
                return false; // not queued (or another worker took it)
            }
            if (!transitions.start(this)) {
                if (runState == TaskState.DONE && !bodyEnded) {
                    return false; // a closing scheduler abandoned it in the queue: the entry is stale
                }
                throw new IllegalStateException("a queued task could not start");
            }
            if (bodyEnded) {
                throw new IllegalStateException("the task ran again after its body ended");
            }
            if (running.incrementAndGet() > 1) {
                throw new IllegalStateException("the task runs on two threads at once");
            }
            wakesSeenByLastRun = wakes.get();
            running.decrementAndGet();
            return true;
        }

        /**
         * Cancels the task and, as {@code Task.cancel} does, wakes it to see the cancellation. Like every
         * operation here it returns nothing: these transitions are not meant to be linearizable (an
         * abandon has no effect while a run is under way, which no sequential order shows), so what is
         * checked is the validation below and the exceptions, in every interleaving.
         */
        @Operation
        public void cancel() {
            if (transitions.cancel(this)) {
                outcomesDecided.incrementAndGet();
                wake();
            }
        }

        /** A closing scheduler drops the task unless it is running. */
        @Operation
        public void abandon() {
            if (transitions.abandon(this)) {
                abandoned = true;
            }
        }

        @Validate
        public void noLostWakeUpAndOneOutcome() {
            int state = runState;
            if (state != TaskState.DONE && wakes.get() > wakesSeenByLastRun && state != TaskState.SCHEDULED) {
                throw new IllegalStateException("lost wake-up: a wake-up after the last run started left the task "
                        + "in state " + state);
            }
            int q = queued.get();
            boolean staleEntry = state == TaskState.DONE && abandoned && q == 1;
            if ((state == TaskState.SCHEDULED) != (q == 1) && !staleEntry) {
                throw new IllegalStateException("state " + state + " but queued " + q + " times");
            }
            if (outcomesDecided.get() > 1) {
                throw new IllegalStateException("both a cancellation and the body's end decided the outcome");
            }
            if (bodyEnded && (state != TaskState.DONE || outcomesDecided.get() != 1)) {
                throw new IllegalStateException("the body ended but the task is in state " + state + " with "
                        + outcomesDecided.get() + " outcomes");
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
