package io.jcoro.debug;

import io.jcoro.Continuation;
import java.util.List;

/**
 * The logical stack of a suspended coroutine: the frames it saved when it suspended, as the stack
 * trace the same code would show at that point if it had run synchronously. It is read from the
 * continuation's frame store without disturbing it, and the line of each frame is the line of the
 * call it waits in, from the line-number tables the agent read when it transformed the method.
 */
public final class LogicalStack {
    private LogicalStack() {}

    /**
     * The saved frames of {@code continuation}, innermost first (as in a stack trace); empty when it
     * is not suspended (not started, running, or done). May be called from any thread; a resume that
     * races with the call may shorten the result.
     */
    public static List<StackTraceElement> of(Continuation continuation) {
        return continuation.frameStore().logicalStack();
    }

    /** The stack as text, one {@code "\tat "} line per frame, as {@link Throwable#printStackTrace()} shows it. */
    public static String format(List<StackTraceElement> stack) {
        StringBuilder out = new StringBuilder();
        for (StackTraceElement e : stack) {
            out.append("\tat ").append(e).append('\n');
        }
        return out.toString();
    }
}
