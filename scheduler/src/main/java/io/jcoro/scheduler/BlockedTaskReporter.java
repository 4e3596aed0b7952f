package io.jcoro.scheduler;

/**
 * Receives {@link BlockedTaskReport}s. The default, {@link #systemLogger()}, logs each as a warning
 * through {@link System.Logger} named {@code io.jcoro.scheduler}.
 */
@FunctionalInterface
public interface BlockedTaskReporter {
    /** The logger name the default reporter uses. */
    String LOGGER_NAME = "io.jcoro.scheduler";

    /** Called on the scheduler's watchdog thread, at most once per uninterrupted run of a task. */
    void report(BlockedTaskReport report);

    /** Logs each report at {@code WARNING} through {@code System.getLogger("io.jcoro.scheduler")}. */
    static BlockedTaskReporter systemLogger() {
        System.Logger logger = System.getLogger(LOGGER_NAME);
        return report -> logger.log(System.Logger.Level.WARNING, report.message());
    }
}
