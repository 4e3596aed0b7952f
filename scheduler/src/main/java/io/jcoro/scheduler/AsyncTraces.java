package io.jcoro.scheduler;

import io.jcoro.debug.AsyncStackTrace;
import io.jcoro.internal.Coroutine;
import java.util.Arrays;
import java.util.List;

/**
 * Async stack traces: when a task fails, the tasks that await its promise get that failure from
 * their await. Before each of them resumes, it adds its logical stack (the frames it saved when it
 * suspended in the await) to the failure as a suppressed {@link AsyncStackTrace}: the failure then
 * shows, below its own stack, who was waiting for it, as a synchronous call chain shows its callers.
 * As the failure propagates through a chain of awaits, each task adds its frames in turn.
 * {@code blockOn} adds the blocked thread's stack the same way.
 *
 * <p>It costs nothing unless a promise fails while a task awaits it. Disable it with
 * {@code -Djcoro.asyncStackTraces=false}. At most {@value #MAX_PER_FAILURE} are added to one exception
 * (an exception object shared by many failures does not grow without bound), and none to an
 * exception whose suppression is disabled.
 */
final class AsyncTraces {
    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("jcoro.asyncStackTraces"));
    static final int MAX_PER_FAILURE = 16;

    private AsyncTraces() {}

    /** Adds the logical stack of the suspended {@code continuation} to {@code failure}. */
    static void attach(Throwable failure, String awaiter, Coroutine suspended) {
        add(failure, awaiter, suspended.logicalStack());
    }

    /** Adds the stack of the thread calling {@code blockOn}, from its caller down (a thread blocked until the failure arrived). */
    static void attachBlockOnCaller(Throwable failure, String awaiter) {
        if (!ENABLED) {
            return;
        }
        StackTraceElement[] here = new Throwable().getStackTrace();
        int blockOn = 0;
        while (blockOn < here.length && !(here[blockOn].getMethodName().equals("blockOn")
                && here[blockOn].getClassName().equals(AbstractScheduler.class.getName()))) {
            blockOn++;
        }
        if (blockOn < here.length) {
            add(failure, awaiter, Arrays.asList(here).subList(blockOn + 1, here.length));
        }
    }

    private static void add(Throwable failure, String awaiter, List<StackTraceElement> stack) {
        if (!ENABLED || stack.isEmpty() || AsyncStackTrace.of(failure).size() >= MAX_PER_FAILURE) {
            return;
        }
        failure.addSuppressed(new AsyncStackTrace("awaited by " + awaiter, stack));
    }
}
