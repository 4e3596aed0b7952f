package io.jcoro.internal;

import io.jcoro.Continuation;

/**
 * Which scheduler task, if any, runs on this thread. A scheduler sets it around each resume of a
 * task's continuation. Internal.
 */
public final class Waiters {
    private static final ThreadLocal<Waiter> CURRENT = new ThreadLocal<>();

    private Waiters() {}

    /** Installs {@code w} for this thread and returns the previous one, to give back to {@link #restore}. */
    public static Waiter install(Waiter w) {
        Waiter previous = CURRENT.get();
        CURRENT.set(w);
        return previous;
    }

    public static void restore(Waiter previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    /**
     * The waiter of the task whose continuation is {@code running}, or {@code null} when no task runs
     * on this thread or {@code running} is another continuation (one the task's body resumes itself).
     */
    public static Waiter of(Continuation running) {
        Waiter w = CURRENT.get();
        return w != null && w.continuation() == running ? w : null;
    }
}
