package io.jcoro.scheduler;

/**
 * What one scheduler thread is running now, for the {@link BlockedTaskWatchdog}: the task, since
 * when, and a run number that changes at every resume. Written by the thread itself, sampled by the
 * watchdog. Write order (start, number, task) and read order (number, start, task) make a sample
 * that sees run number N see N's start time or a later one, never an earlier one.
 */
final class RunSlot {
    final Thread thread;
    private volatile long startNanos;
    private volatile long runNumber;
    private volatile CoroutineTask<?> task;
    /** The run last reported; the watchdog's own field. */
    long reportedRun = -1;

    RunSlot(Thread thread) {
        this.thread = thread;
    }

    void enter(CoroutineTask<?> t) {
        startNanos = System.nanoTime();
        runNumber = runNumber + 1; // only this slot's thread writes it
        task = t;
    }

    void exit() {
        task = null;
    }

    long runNumber() {
        return runNumber;
    }

    long startNanos() {
        return startNanos;
    }

    CoroutineTask<?> task() {
        return task;
    }
}
