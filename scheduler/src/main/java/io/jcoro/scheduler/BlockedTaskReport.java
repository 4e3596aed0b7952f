package io.jcoro.scheduler;

import java.time.Duration;
import java.util.List;

/**
 * A task that has been running longer than its scheduler's blocked threshold without suspending,
 * sampled while it still ran: it holds its thread, so the scheduler cannot run anything else there.
 *
 * @param scheduler the scheduler's name
 * @param task the task's name
 * @param thread the thread it runs on
 * @param runningFor how long it had run without suspending when sampled
 * @param stack the thread's stack when sampled (innermost first)
 */
public record BlockedTaskReport(String scheduler, String task, Thread thread, Duration runningFor,
                                List<StackTraceElement> stack) {
    public BlockedTaskReport {
        stack = List.copyOf(stack);
    }

    /** A readable report: the task, the thread, for how long, and the stack, one frame a line. */
    public String message() {
        StringBuilder sb = new StringBuilder()
                .append("jcoro: ").append(task).append(" has been running on thread ").append(thread.getName())
                .append(" for ").append(runningFor.toMillis()).append(" ms without suspending; it blocks scheduler ")
                .append(scheduler).append(" (a coroutine should await instead of blocking or computing for long). Stack:");
        for (StackTraceElement e : stack) {
            sb.append(System.lineSeparator()).append("\tat ").append(e);
        }
        return sb.toString();
    }
}
