package io.jcoro.scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one scheduler thread is running now, for the {@link BlockedTaskWatchdog}: the task and a run
 * number that changes at every resume. Written by the thread itself at every run, so it costs no
 * clock read and no fence: release stores (plain moves on x86), in the order number then task, read
 * by the watchdog with volatile loads in the same order, so a sample that sees run number N sees
 * N's task, or null once N ended, or a later run's task (whose number the watchdog then sees change).
 * How long a run has lasted the watchdog measures itself, from the first sample that saw its number.
 */
final class RunSlot {
    private static final VarHandle RUN_NUMBER, TASK;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RUN_NUMBER = lookup.findVarHandle(RunSlot.class, "runNumber", long.class);
            TASK = lookup.findVarHandle(RunSlot.class, "task", CoroutineTask.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    private volatile long runNumber;
    private volatile CoroutineTask<?> task;

    // the watchdog's own fields
    /** The run number the watchdog saw last, and when it first saw it. */
    long observedRun = -1;
    long observedSinceNanos;
    /** The run last reported. */
    long reportedRun = -1;

    RunSlot(Thread thread) {
        this.thread = thread;
    }

    void enter(CoroutineTask<?> t) {
        RUN_NUMBER.setRelease(this, runNumber + 1); // only this slot's thread writes it
        TASK.setRelease(this, t);
    }

    void exit() {
        TASK.setRelease(this, null);
    }

    long runNumber() {
        return runNumber;
    }

    CoroutineTask<?> task() {
        return task;
    }
}
