package io.jcoro.scheduler;

/**
 * Receives the failures of tasks that nobody observed: a task ended with an exception (not a
 * cancellation), and nobody asked for its {@link Task#promise() promise} before the task object
 * became unreachable or its scheduler closed, whichever came first. Asking for the promise is what
 * observes a failure ({@code Async.await(task.promise())}, {@code promise().whenComplete(...)},
 * {@code blockOn}, even a promise asked for and never looked at), at any time while you hold the task:
 * such a failure is never reported. Each unobserved failure is reported once.
 *
 * <p>Called on the thread that closes the scheduler, or, for a task the garbage collector found
 * unreachable first, on the daemon thread {@code jcoro-unobserved-failures}. A handler that throws
 * has its exception passed to that thread's uncaught-exception handler.
 *
 * <p>The default, {@link #systemLogger()}, logs each failure with its stack trace at {@code ERROR}
 * through {@link System.Logger} named {@code io.jcoro.scheduler}; set another with
 * {@link SchedulerBuilder#unobservedFailureHandler}.
 */
@FunctionalInterface
public interface UnobservedFailureHandler {
    /** The logger name the default handler uses. */
    String LOGGER_NAME = "io.jcoro.scheduler";

    /**
     * @param task the task's name, {@code <scheduler>-task-<n>}
     * @param failure what the task's body threw (a {@link io.jcoro.SuspensionError} included)
     */
    void unobserved(String task, Throwable failure);

    /** Logs each failure at {@code ERROR}, with its stack trace, through {@code System.getLogger("io.jcoro.scheduler")}. */
    static UnobservedFailureHandler systemLogger() {
        System.Logger logger = System.getLogger(LOGGER_NAME);
        return (task, failure) -> logger.log(System.Logger.Level.ERROR, "jcoro: task " + task + " failed, and nobody "
                + "asked for its promise: " + failure, failure);
    }
}
