package io.jcoro.scheduler;

/**
 * Tells the running task's scheduler that the task waits on something outside it (a socket's
 * readiness): a {@link TestScheduler} then lets its virtual clock follow real time instead of jumping
 * to the next timer, so a timeout around the wait fires after its real duration, not at once.
 * Internal: public only because the sockets live in another package. Calls come in pairs, on the
 * task's thread; outside a scheduled task they do nothing.
 */
public final class OutsideWaits {
    private OutsideWaits() {}

    /** The running task starts waiting on the outside; pair it with {@link #ended()} in a finally. */
    public static void began() {
        CoroutineTask<?> task = CoroutineTask.current();
        if (task != null) {
            task.scheduler().outsideBegan();
        }
    }

    /** The wait {@link #began()} announced is over. */
    public static void ended() {
        CoroutineTask<?> task = CoroutineTask.current();
        if (task != null) {
            task.scheduler().outsideEnded();
        }
    }
}
