package io.jcoro.scheduler;

/** A thread owned by a scheduler: how {@link Coroutines#spawn} finds the current scheduler. */
interface SchedulerThread {
    AbstractScheduler scheduler();

    /** The scheduler owning the current thread, or {@code null}. */
    static AbstractScheduler current() {
        Thread t = Thread.currentThread();
        return t instanceof SchedulerThread ? ((SchedulerThread) t).scheduler() : null;
    }
}
