package io.jcoro.scheduler;

/**
 * Counters of a scheduler since it started.
 *
 * @param spawned tasks spawned
 * @param finished tasks that finished (value, failure or cancellation)
 * @param resumes times a task's continuation was resumed
 * @param spuriousResumes resumes after which an await found its promise pending and no stop
 *     requested; the wake-up protocol makes this 0
 * @param doubleRuns times a task was handed to a thread while not scheduled; the task state machine
 *     makes this 0 (a non-zero value means a task would have run twice)
 * @param blockedReports tasks reported for running too long without suspending
 */
public record SchedulerStats(long spawned, long finished, long resumes, long spuriousResumes, long doubleRuns,
                             long blockedReports) {}
