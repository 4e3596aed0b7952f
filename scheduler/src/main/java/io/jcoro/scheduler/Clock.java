package io.jcoro.scheduler;

/**
 * The time a scheduler reads: its timers' deadlines, {@link Coroutines#sleep}, {@link Coroutines#withTimeout},
 * {@link Interval} and, through {@code withTimeout}, the sockets' timeouts. A scheduler is built with one
 * and reads no other. {@link #SYSTEM} ({@link System#nanoTime()}) for the real schedulers; a
 * {@link TestScheduler} reads its virtual clock, which moves only when the scheduler moves it.
 *
 * <p>Values are nanoseconds from an arbitrary origin, compared by subtraction, as {@code nanoTime}'s
 * must be. Not the clock: the blocked-task watchdog and the close timeout, which measure real threads
 * in real time.
 */
interface Clock {
    /** The system's monotonic clock. */
    Clock SYSTEM = System::nanoTime;

    /** The current reading, in nanoseconds. */
    long nanoTime();
}
