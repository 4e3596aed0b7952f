package io.jcoro.scheduler;

/**
 * The pure arithmetic of an {@link Interval}: when its next tick is due. Times are readings of
 * the scheduler's {@link Clock} ({@link System#nanoTime()} values but on a {@link TestScheduler}),
 * compared by subtraction (as {@code nanoTime} must be), so the
 * computation is right across the counter's wrap-around.
 */
final class TickSchedule {
    /** How late a tick may complete and still count as on time (Tokio's 5 ms). */
    static final long LATE_TOLERANCE_NANOS = 5_000_000L;

    private TickSchedule() {}

    /**
     * The deadline of the tick after the one due at {@code deadline}, which completed at {@code now}
     * ({@code now} may be before {@code deadline} by a timer's early wake-up; that is on time).
     *
     * @param period the interval's period in nanoseconds, {@code > 0}
     */
    static long next(long now, long period, long deadline, MissedTickBehavior behavior) {
        long late = now - deadline;
        if (late <= LATE_TOLERANCE_NANOS) {
            return deadline + period;
        }
        switch (behavior) {
            case BURST:
                return deadline + period;
            case DELAY:
                return now + period;
            case SKIP:
                // the first deadline + k * period strictly after now (k >= 1)
                return now + period - late % period;
            default:
                throw new AssertionError(behavior);
        }
    }
}
