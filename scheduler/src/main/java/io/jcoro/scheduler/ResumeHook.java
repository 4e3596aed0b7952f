package io.jcoro.scheduler;

/**
 * Installs thread-local state around every run of a task, and restores the thread's own after it: a
 * logging MDC, a tracing span, a security context, anything that libraries keep in a
 * {@link ThreadLocal} while a task hops between a scheduler's threads. Set it with
 * {@link SchedulerBuilder#resumeHook}; the value to install usually comes from a {@link TaskLocal}
 * ({@link TaskLocal#get(Task)}).
 *
 * <pre>{@code
 * static final TaskLocal<Map<String, String>> MDC_CONTEXT = new TaskLocal<>(Map.of());
 *
 * Scheduler.builder().resumeHook(new ResumeHook() {
 *     public Object enter(Task<?> task) {
 *         Map<String, String> saved = MDC.getCopyOfContextMap();
 *         MDC.setContextMap(MDC_CONTEXT.get(task));
 *         return saved;
 *     }
 *     public void exit(Task<?> task, Object saved) {
 *         MDC.setContextMap(saved == null ? Map.of() : (Map<String, String>) saved);
 *     }
 * }).parallel(4);
 * }</pre>
 *
 * <p>Both methods run on the scheduler thread that runs the task, right around each run of its code
 * (its first run and each resume after a suspension): {@code enter} just before, {@code exit} just after
 * the task suspends or ends, with what {@code enter} returned. A run of a task is never concurrent with
 * another run of it, and one thread runs one task at a time, so the pair never interleaves with another
 * pair on the same thread. Keep them short: they run on every resume.
 *
 * <p>An exception from {@code enter} cancels the task, as {@link Task#cancel()} does, with the hook's
 * exception as the cause of its {@link java.util.concurrent.CancellationException}: its promise fails
 * with that cancellation, and its finally blocks run. The run goes ahead, without the hook ({@code exit}
 * is not called for it): the await the task resumes from throws the cancellation, unless its promise
 * has settled, in which case the task's code runs on, without its thread state, up to its next await
 * that would suspend. Later runs call {@code enter} again. An exception from {@code exit} leaves the
 * task alone (its code ran with its state). Either exception also goes to the thread's
 * uncaught-exception handler; the scheduler goes on with its other tasks.
 */
public interface ResumeHook {
    /**
     * Called before a run of {@code task}, on the thread that runs it; returns what {@link #exit} needs to
     * restore the thread (the state it replaced), or null.
     */
    Object enter(Task<?> task);

    /** Called after that run, on the same thread, with what {@link #enter} returned. */
    void exit(Task<?> task, Object saved);
}
