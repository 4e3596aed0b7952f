package io.jcoro.debug;

import java.util.List;

/**
 * The logical stack of a coroutine that was waiting for a failure, attached to that failure as a
 * suppressed exception: when a task fails, each task suspended in an {@code await} of its promise
 * adds one, so the exception shows the chain of awaits across tasks as a synchronous call chain
 * would show its callers. Its message names the awaiting task; its stack trace is that task's
 * logical stack, innermost frame first. It is never thrown.
 */
public final class AsyncStackTrace extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AsyncStackTrace(String message, List<StackTraceElement> stack) {
        super(message, null, false, true);
        setStackTrace(stack.toArray(new StackTraceElement[0]));
    }

    /** The async stack traces {@code error} carries, in the order they were added. */
    public static List<AsyncStackTrace> of(Throwable error) {
        return java.util.Arrays.stream(error.getSuppressed())
                .filter(AsyncStackTrace.class::isInstance)
                .map(AsyncStackTrace.class::cast)
                .toList();
    }
}
