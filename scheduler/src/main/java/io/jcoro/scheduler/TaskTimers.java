package io.jcoro.scheduler;

/**
 * Timers for code of other packages of the module ({@code sync.Select}'s timeout clause): on the
 * running task's scheduler, so they follow its {@link Clock} (virtual on a {@link TestScheduler}),
 * and on the shared {@link FallbackTimer} on a plain thread. Internal: public only because
 * {@code Select} lives in another package.
 */
public final class TaskTimers {
    private TaskTimers() {}

    /**
     * Runs {@code action} once {@code delayNanos} have passed on the clock of the running task's
     * scheduler (on that scheduler's thread or timer thread), or, outside a scheduled task, on the
     * fallback timer's thread. Returns what cancels it: after the cancel, the action does not start
     * (an action already started runs on); any thread may cancel, more than once.
     */
    public static Runnable start(long delayNanos, Runnable action) {
        Dropped fire = new Dropped(action);
        CoroutineTask<?> task = CoroutineTask.current();
        TimerHandle timer = task == null ? FallbackTimer.schedule(delayNanos, fire)
                : task.scheduler().schedule(delayNanos, fire);
        return () -> {
            fire.action = null;
            timer.cancel();
        };
    }

    /**
     * The timer's action, let go of on cancel: an event loop keeps a cancelled timer in its heap until
     * the deadline (or a sweep), and what the action holds (a select's waiter, through its wake-up
     * promise the task) must not stay reachable that long.
     */
    private static final class Dropped implements Runnable {
        /** Null once cancelled; written by the canceller, read by the timer's thread. */
        volatile Runnable action;

        Dropped(Runnable action) {
            this.action = action;
        }

        @Override
        public void run() {
            Runnable a = action;
            if (a != null) {
                a.run();
            }
        }
    }
}
