package io.jcoro.scheduler;

/**
 * What an {@link Interval} does when a tick completes late, as Tokio's
 * {@code tokio::time::MissedTickBehavior}. A tick is late when it completes more than 5 ms (Tokio's
 * tolerance) after its deadline: the code between two {@code tick()} calls ran longer than the
 * period, or the scheduler was busy. With period 10 ms, ticks due at 0, 10, 20, 30, ..., and a tick due
 * at 10 that completes at 35:
 * <ul>
 *   <li>{@link #BURST}: the next ticks are due at 20, 30 (both already past: they complete at once,
 *       one per call) then 40, 50: the missed ticks are caught up in a burst, and the original
 *       schedule kept.
 *   <li>{@link #DELAY}: the next tick is due at 45, one period after the late tick completed, then 55,
 *       65: the schedule shifts, and consecutive ticks are never less than a period apart.
 *   <li>{@link #SKIP}: the next tick is due at 40, the first instant of the original schedule after the
 *       late tick: the missed ticks (20, 30) are skipped, and the schedule kept.
 * </ul>
 * A tick that is late by no more than the tolerance is followed by the next tick of the schedule,
 * whatever the behaviour.
 */
public enum MissedTickBehavior {
    /** Catches up the missed ticks at once, one per {@code tick()} call; keeps the schedule (the default). */
    BURST,
    /** The next tick is due one period after the late one completed; the schedule shifts. */
    DELAY,
    /** Skips the missed ticks: the next tick is the first of the schedule after now. */
    SKIP
}
