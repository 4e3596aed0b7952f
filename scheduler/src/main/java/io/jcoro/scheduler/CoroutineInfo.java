package io.jcoro.scheduler;

import java.util.List;

/**
 * A snapshot of one unfinished coroutine (task), for dumps: see {@link Scheduler#coroutines()}.
 *
 * @param name the task's name ({@code <scheduler>-task-<n>})
 * @param state where it is in its life
 * @param cancelled whether {@link Task#cancel()} succeeded on it (it is finishing)
 * @param awaiting what a suspended task waits for ("task X" when it awaits another task's promise,
 *     else the promise); null when it waits for nothing in particular
 * @param thread the thread running it (state {@link State#RUNNING}), else null
 * @param stack its stack, innermost frame first: for a suspended task, the logical stack read from
 *     its saved frames (class, method, file and the line of the call each frame waits in); for a
 *     running task, its thread's stack above the scheduler; otherwise empty
 * @param parent the name of the task whose {@link Coroutines#scope} (or supervisor scope) this task is
 *     a child of; null for a task spawned outside any scope
 */
public record CoroutineInfo(String name, State state, boolean cancelled, String awaiting, String thread,
                            List<StackTraceElement> stack, String parent) {
    public CoroutineInfo {
        stack = List.copyOf(stack);
    }

    /** A coroutine with no parent. */
    public CoroutineInfo(String name, State state, boolean cancelled, String awaiting, String thread,
                         List<StackTraceElement> stack) {
        this(name, state, cancelled, awaiting, thread, stack, null);
    }

    /** The life of a task, as a dump sees it. */
    public enum State {
        /** Spawned, and waiting in the run queue for its first run. */
        NOT_STARTED,
        /** Running on a scheduler thread right now. */
        RUNNING,
        /** Suspended, waiting for a wake-up (a promise, a timer). */
        SUSPENDED,
        /** Suspended and woken: waiting in the run queue to be resumed. */
        QUEUED
    }

    /** The header line of this coroutine in a dump: name, state, parent, cancellation, what it awaits. */
    public String describe() {
        StringBuilder b = new StringBuilder("\"").append(name).append("\" ").append(state.name().toLowerCase().replace('_', ' '));
        if (thread != null) {
            b.append(" on ").append(thread);
        }
        if (parent != null) {
            b.append(", child of \"").append(parent).append('"');
        }
        if (cancelled) {
            b.append(", cancelled");
        }
        if (awaiting != null) {
            b.append(", awaiting ").append(awaiting);
        }
        return b.toString();
    }
}
