package io.jcoro.scheduler;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The blocked-loop detector: a daemon thread that samples its scheduler's threads a few times per
 * threshold and reports, once per run, a task that has run longer than the threshold without
 * suspending, with the stack of the thread it holds. Like Go's sysmon, it times runs by its own
 * samples, so the threads pay no clock read per run.
 */
final class BlockedTaskWatchdog {
    private final String schedulerName;
    private final long thresholdNanos;
    private final long intervalNanos;
    private final BlockedTaskReporter reporter;
    private final Counters counters;
    private final List<RunSlot> slots = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;

    BlockedTaskWatchdog(String schedulerName, Duration threshold, BlockedTaskReporter reporter, Counters counters) {
        this.schedulerName = schedulerName;
        this.thresholdNanos = threshold.toNanos();
        this.intervalNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(5), Math.min(thresholdNanos / 4, TimeUnit.SECONDS.toNanos(1)));
        this.reporter = reporter;
        this.counters = counters;
        this.thread = new Thread(this::watch, schedulerName + "-watchdog");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void add(RunSlot slot) {
        slots.add(slot);
    }

    void remove(RunSlot slot) {
        slots.remove(slot);
    }

    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    private void watch() {
        while (!stopped) {
            LockSupport.parkNanos(this, intervalNanos);
            for (RunSlot slot : slots) {
                sample(slot);
            }
        }
    }

    /**
     * A run counts from the first sample that saw its number, so the time reported is a lower bound
     * (short by at most one sampling interval) and a run is never reported before it really lasted
     * the threshold.
     */
    private void sample(RunSlot slot) {
        long run = slot.runNumber();
        CoroutineTask<?> task = slot.task();
        long now = System.nanoTime();
        if (run != slot.observedRun) {
            slot.observedRun = run;
            slot.observedSinceNanos = now;
            return;
        }
        if (task == null || run == slot.reportedRun) {
            return;
        }
        long elapsed = now - slot.observedSinceNanos;
        if (elapsed < thresholdNanos) {
            return;
        }
        StackTraceElement[] stack = slot.thread.getStackTrace();
        if (slot.task() != task || slot.runNumber() != run) {
            return; // it suspended while we took the stack
        }
        slot.reportedRun = run;
        counters.blockedReports.increment();
        BlockedTaskReport report = new BlockedTaskReport(schedulerName, task.name(), slot.thread,
                Duration.ofNanos(elapsed), Arrays.asList(stack));
        try {
            reporter.report(report);
        } catch (RuntimeException e) {
            System.getLogger(BlockedTaskReporter.LOGGER_NAME).log(System.Logger.Level.WARNING,
                    "jcoro: the blocked-task reporter failed", e);
        }
    }
}
