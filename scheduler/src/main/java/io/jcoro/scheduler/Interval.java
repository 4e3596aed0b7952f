package io.jcoro.scheduler;

import io.jcoro.Suspendable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ticks at a fixed period, like Tokio's {@code tokio::time::Interval}: made by
 * {@link Coroutines#interval(Duration)}. The first {@link #tick()} completes at once; each later one
 * completes when its deadline comes, one period after the previous deadline. When a tick completes
 * late (the loop's body took longer than the period), the {@link MissedTickBehavior} chooses the next
 * deadline.
 *
 * <pre>{@code
 * Interval every = Coroutines.interval(Duration.ofSeconds(1));
 * while (running) {
 *     every.tick();
 *     poll();
 * }
 * }</pre>
 *
 * <p>In a task, {@code tick()} waits on a timer of the task's scheduler; outside a scheduled task it
 * waits as {@link Coroutines#sleep} does (blocks a plain thread). A tick cancelled while it waits
 * (task cancelled, {@code withTimeout} ran out) throws {@link java.util.concurrent.CancellationException}
 * and is not consumed: the next {@code tick()} waits for the same deadline.
 *
 * <p>An interval is one consumer's clock: one task (or thread) at a time may call {@code tick()}; a
 * {@code tick()} that overlaps another throws {@link IllegalStateException}.
 */
public final class Interval {
    private final long period;
    private final MissedTickBehavior behavior;
    /**
     * The next tick's deadline (a {@link Coroutines#nanoTime()} reading: the clock of the scheduler
     * of the task that made the interval and ticks it). Read and written only inside a tick(), and
     * tick() calls never overlap (the {@code ticking} flag's CAS and volatile write order one tick's
     * write before the next tick's read).
     */
    private long deadline;
    private final AtomicBoolean ticking = new AtomicBoolean();

    Interval(Duration period, MissedTickBehavior behavior) {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(behavior, "behavior");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("an Interval's period must be positive, got " + period);
        }
        long nanos;
        try {
            nanos = period.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("an Interval's period must fit in a long of nanoseconds, got " + period);
        }
        this.period = nanos;
        this.behavior = behavior;
        this.deadline = Coroutines.nanoTime();
    }

    /**
     * Waits until the next tick's deadline (returns at once if it has passed) and returns that
     * deadline, a {@link Coroutines#nanoTime()} reading ({@link System#nanoTime()} but on a
     * {@link TestScheduler}, where it is the virtual clock's).
     *
     * @throws IllegalStateException when another {@code tick()} on this interval is in progress
     * @throws java.util.concurrent.CancellationException when the task is cancelled while it waits;
     *     the tick is then not consumed
     */
    @Suspendable
    public long tick() {
        if (!ticking.compareAndSet(false, true)) {
            throw new IllegalStateException("Interval.tick() called while another tick() on the same interval "
                    + "waits; an interval serves one task or thread at a time");
        }
        try {
            long due = deadline;
            for (long wait = due - Coroutines.nanoTime(); wait > 0; wait = due - Coroutines.nanoTime()) {
                Coroutines.sleep(Duration.ofNanos(wait)); // again if woken early
            }
            deadline = TickSchedule.next(Coroutines.nanoTime(), period, due, behavior);
            return due;
        } finally {
            ticking.set(false);
        }
    }

    /** The period between ticks. */
    public Duration period() {
        return Duration.ofNanos(period);
    }

    /** What a late tick does to the schedule. */
    public MissedTickBehavior missedTickBehavior() {
        return behavior;
    }
}
