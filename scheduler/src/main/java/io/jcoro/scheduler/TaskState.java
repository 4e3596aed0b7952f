package io.jcoro.scheduler;

import java.lang.invoke.VarHandle;

/**
 * The transitions of a task's run state and cancellation state (as Tokio's {@code task/state.rs}):
 * each method makes one transition by CAS and returns what happened, so the states can be
 * model-checked without a scheduler ({@code TaskStateLincheckTest}). The two fields live in the task
 * ({@link CoroutineTask}: one object per task, no state object of its own); each call is given the
 * {@link VarHandle} of the field it changes ({@code runState}: an {@code int} field of the task for the
 * run state, {@code cancelState} another for the cancellation state), which the caller reads from a
 * {@code static final} field: once the call is inlined the JIT sees a constant handle and compiles each
 * access to the one instruction it is. (A handle held in an instance field, even a final one, is not a
 * constant to it: every access then went through the handle's generic path, about a tenth of a channel
 * hand-off's profile.)
 *
 * <p>Run state:
 * <pre>
 *   SCHEDULED --start--> RUNNING --suspended--> IDLE --wake--> SCHEDULED
 *                          |  wake                                 ^
 *                          v                                       |
 *                        NOTIFIED --suspended----------------------+   (re-queued once, at the back)
 *   RUNNING/NOTIFIED --finished--> DONE;   SCHEDULED/IDLE --abandoned--> DONE
 * </pre>
 * Invariants: a task is in its scheduler's queue at most once (only the transitions into SCHEDULED,
 * {@link Wake#DISPATCH} and {@link AfterRun#REQUEUE}, queue it, and only {@link #start} takes it out);
 * it runs on one thread at a time (only the thread that won {@link #start} leaves RUNNING or NOTIFIED,
 * through {@link #suspended} or {@link #finished}); no wake-up is lost (a wake-up while it runs is
 * remembered as NOTIFIED and re-queues it as soon as it suspends; one while it is queued or notified is
 * already accounted for).
 *
 * <p>Threads: {@link #wake} and {@link #abandon} on any thread; {@link #start}, {@link #suspended} and
 * {@link #finished} on the thread that runs the task (the one that won {@code start}).
 *
 * <p>Cancellation state: ACTIVE → CANCELLED ({@link #cancel}) or ACTIVE → FINISHED (the body ended
 * first, {@link #bodyFinished}). Whichever wins decides the task's outcome.
 */
final class TaskState {
    static final int SCHEDULED = 1, RUNNING = 2, NOTIFIED = 3, IDLE = 4, DONE = 5;
    static final int ACTIVE = 0, CANCELLED = 1, FINISHED = 2;

    /** What a wake-up did. */
    enum Wake {
        /** The task was idle: it is SCHEDULED now, and the caller must queue it. */
        DISPATCH,
        /** The task was running: it will be re-queued when it suspends. */
        NOTED,
        /** Queued, notified or done already: nothing to do. */
        NOTHING
    }

    /** What the end of a run that suspended did. */
    enum AfterRun {
        /** No wake-up came meanwhile: the task is IDLE. */
        IDLE,
        /** A wake-up came while it ran: it is SCHEDULED again, and the caller must queue it. */
        REQUEUE
    }

    private TaskState() {}

    /** Takes a queued task to RUNNING; false when it was not SCHEDULED (abandoned meanwhile, or a double run). */
    static boolean start(VarHandle runState, Object task) {
        return runState.compareAndSet(task, SCHEDULED, RUNNING);
    }

    /** The run ended with the task suspended. */
    static AfterRun suspended(VarHandle runState, Object task) {
        while (true) {
            int s = (int) runState.getVolatile(task);
            if (s == RUNNING) {
                if (runState.compareAndSet(task, RUNNING, IDLE)) {
                    return AfterRun.IDLE;
                }
            } else if (s == NOTIFIED) {
                if (runState.compareAndSet(task, NOTIFIED, SCHEDULED)) {
                    return AfterRun.REQUEUE;
                }
            } else {
                throw new IllegalStateException("a task left state " + s + " while it ran: only its runner may");
            }
        }
    }

    /** The run ended with the body done: DONE, for good. */
    static void finished(VarHandle runState, Object task) {
        runState.setVolatile(task, DONE);
    }

    /** Any thread: wakes the task (see {@link Wake}). */
    static Wake wake(VarHandle runState, Object task) {
        while (true) {
            int s = (int) runState.getVolatile(task);
            if (s == IDLE) {
                if (runState.compareAndSet(task, IDLE, SCHEDULED)) {
                    return Wake.DISPATCH;
                }
            } else if (s == RUNNING) {
                if (runState.compareAndSet(task, RUNNING, NOTIFIED)) {
                    return Wake.NOTED;
                }
            } else {
                return Wake.NOTHING;
            }
        }
    }

    /**
     * Any thread (a closing scheduler): a task that is not running is DONE from now on and never runs
     * again; returns false when it is running (it finishes its current run) or done already.
     */
    static boolean abandon(VarHandle runState, Object task) {
        while (true) {
            int s = (int) runState.getVolatile(task);
            if (s == DONE || s == RUNNING || s == NOTIFIED) {
                return false;
            }
            if (runState.compareAndSet(task, s, DONE)) {
                return true;
            }
        }
    }

    static boolean isDone(VarHandle runState, Object task) {
        return (int) runState.getVolatile(task) == DONE;
    }

    /** Any thread: asks the task to stop; true for the one call that won (before the body finished). */
    static boolean cancel(VarHandle cancelState, Object task) {
        return cancelState.compareAndSet(task, ACTIVE, CANCELLED);
    }

    /** The runner, when the body ended: true when it won over a cancellation (the body's outcome stands). */
    static boolean bodyFinished(VarHandle cancelState, Object task) {
        return cancelState.compareAndSet(task, ACTIVE, FINISHED);
    }

    static boolean isCancelled(VarHandle cancelState, Object task) {
        return (int) cancelState.getVolatile(task) == CANCELLED;
    }
}
