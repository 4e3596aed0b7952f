package io.jcoro.scheduler;

import io.jcoro.SuspendableCallable;
import java.util.List;

/**
 * Runs coroutines: each {@link #spawn spawned} body runs as a {@link Task} in its own continuation,
 * and is resumed by the scheduler whenever a promise it awaits settles, whichever thread completed it.
 *
 * <p>Two kinds:
 * <ul>
 *   <li>{@link #singleThreaded()}: one event-loop thread (Tokio's {@code current_thread}) with a run
 *       queue, a timer heap and an NIO {@link java.nio.channels.Selector}; it sleeps in
 *       {@code select} when it has nothing to do and wakes when a task is woken from any thread.
 *   <li>{@link #parallel(int)}: tasks resumed on a {@link java.util.concurrent.ForkJoinPool} in
 *       async (FIFO) mode, a work-stealing pool; timers on one timer thread.
 * </ul>
 *
 * <p>For tests, a {@link TestScheduler} runs tasks on virtual time, on the thread that drives it, in an
 * order a seed decides ({@link SchedulerBuilder#virtualTime()}).
 *
 * <p>A task never runs on two threads at once, and each wake-up resumes it exactly once. The loop is
 * cooperative: a task runs until it suspends; one that runs longer than the blocked threshold without
 * suspending is reported (see {@link SchedulerBuilder#blockedThreshold}). Scheduler threads are
 * daemon threads: they do not keep the JVM alive.
 *
 * <p>{@link #close()} cancels every unfinished task (its pending or next await throws
 * {@link java.util.concurrent.CancellationException}, its finally blocks run, its promise fails with
 * {@code CancellationException}), keeps running the scheduler until they have all finished, then
 * stops its threads and returns. A task still unfinished after the close timeout (default 10 s,
 * {@link SchedulerBuilder#closeTimeout}) is abandoned: its promise fails with
 * {@code CancellationException} and its code is not resumed again. After close, {@link #spawn}
 * throws {@link java.util.concurrent.RejectedExecutionException}. Called on one of the scheduler's
 * own threads (from a task), close cancels the tasks and returns at once; the scheduler stops in
 * the background.
 *
 * <p>A task that fails and whose promise nobody asked for is reported when the task has become
 * unreachable, or at the latest by {@link #close()}, once every task has ended: see
 * {@link UnobservedFailureHandler} (by default a log record, {@link SchedulerBuilder#unobservedFailureHandler}
 * to change it).
 */
public interface Scheduler extends AutoCloseable {
    /** A scheduler with one event-loop thread and default options. */
    static Scheduler singleThreaded() {
        return builder().singleThreaded();
    }

    /** A work-stealing scheduler with {@code threads} threads and default options. */
    static Scheduler parallel(int threads) {
        return builder().parallel(threads);
    }

    /** Options: name, blocked-task threshold and reporter, close timeout, handler of unobserved failures. */
    static SchedulerBuilder builder() {
        return new SchedulerBuilder();
    }

    /**
     * Starts {@code body} as a new task; it first runs on the scheduler's threads, not in this call.
     *
     * @throws java.util.concurrent.RejectedExecutionException after {@link #close()}
     */
    <T> Task<T> spawn(SuspendableCallable<T> body);

    /**
     * Spawns {@code body} and blocks the calling thread until it finishes; returns its value or throws
     * its failure as it is (Rust's {@code block_on}). If the waiting thread is interrupted, the task is
     * cancelled and {@link InterruptedException} is thrown.
     *
     * @throws IllegalStateException when called on one of this scheduler's own threads, where the
     *     wait would deadlock the scheduler (inside a coroutine, await the spawned task's promise)
     */
    <T> T blockOn(SuspendableCallable<T> body) throws Exception;

    /** Cancels unfinished tasks, waits for them to finish, and stops the scheduler (see above). */
    @Override
    void close();

    /** The scheduler's name, which its threads' names start with. */
    String name();

    /** Counters since the scheduler started. */
    SchedulerStats stats();

    /**
     * A snapshot of every unfinished task, in spawn order: its state (not started, running, suspended
     * and on what, queued, cancelled) and its logical stack, read from its saved frames without
     * disturbing it. For debugging; see {@link CoroutineDump}.
     */
    List<CoroutineInfo> coroutines();

    /** {@link #coroutines()} as text, like a thread dump (see {@link CoroutineDump}). */
    default String dumpCoroutines() {
        return CoroutineDump.of(this);
    }
}
