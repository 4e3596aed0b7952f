/**
 * Schedulers that resume coroutines when the promises they await complete.
 *
 * <p>{@link io.jcoro.scheduler.Scheduler#singleThreaded()} is an event loop on one thread;
 * {@link io.jcoro.scheduler.Scheduler#parallel(int)} runs tasks on a work-stealing
 * {@link java.util.concurrent.ForkJoinPool}. A spawned {@link io.jcoro.scheduler.Task} awaits with
 * {@link io.jcoro.Async#await(io.jcoro.Promise)}, and uses {@link io.jcoro.scheduler.Coroutines} to
 * sleep, yield, bound a body with a timeout, spawn on the current scheduler, and run a scope that
 * waits for the tasks it spawned ({@link io.jcoro.scheduler.Coroutines#scope}). Values bound with a
 * {@link io.jcoro.scheduler.TaskLocal} follow a task and the tasks it spawns; a
 * {@link io.jcoro.scheduler.ResumeHook} installs thread-local state around each run. Cancellation is
 * cooperative; a task that runs too long without suspending is reported
 * ({@link io.jcoro.scheduler.BlockedTaskReporter}), and so is a task's failure that nobody observed
 * ({@link io.jcoro.scheduler.UnobservedFailureHandler}). A {@link io.jcoro.scheduler.TestScheduler} runs
 * tests on virtual time and explores the orders of their tasks by seed.
 */
package io.jcoro.scheduler;
