package io.jcoro.scheduler;

import io.jcoro.Promise;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A shared daemon timer for waits outside any scheduler: {@link Coroutines#sleep} and a select's
 * timeout on a plain thread ({@link TaskTimers}). It measures with {@link System#nanoTime()}.
 */
final class FallbackTimer {
    private static final ScheduledThreadPoolExecutor TIMER = create();

    private FallbackTimer() {}

    private static ScheduledThreadPoolExecutor create() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jcoro-fallback-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Runs {@code action} on the timer thread after {@code nanos}. */
    static TimerHandle schedule(long nanos, Runnable action) {
        java.util.concurrent.ScheduledFuture<?> f = TIMER.schedule(action, Math.max(0, nanos), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    /** A promise that completes after {@code nanos}. */
    static Promise<Void> after(long nanos) {
        Promise<Void> p = Promise.create();
        if (nanos <= 0) {
            p.complete(null);
        } else {
            TIMER.schedule(() -> p.complete(null), nanos, TimeUnit.NANOSECONDS);
        }
        return p;
    }
}
