package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.junit.JcoroExtension;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Coroutines.interval on every scheduler: the deadlines its ticks return (no timing assertion: only
 * what follows from the schedule, and that a tick never completes before its deadline).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class IntervalTest {
    private static final long PERIOD = TimeUnit.MILLISECONDS.toNanos(5);

    @ParameterizedTest
    @EnumSource(Kind.class)
    void burstKeepsTheScheduleWhateverIsLate(Kind kind) throws Exception {
        Ticks t = ticksAroundALateOne(kind, MissedTickBehavior.BURST);
        for (int k = 1; k < 6; k++) {
            assertEquals(t.due[0] + k * PERIOD, t.due[k], "tick " + k);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void delayRestartsThePeriodFromALateTick(Kind kind) throws Exception {
        Ticks t = ticksAroundALateOne(kind, MissedTickBehavior.DELAY);
        for (int k = 1; k < 6; k++) {
            long gap = t.due[k] - t.due[k - 1];
            // on time: the next of the schedule; late: a period after the late tick completed
            assertTrue(gap == PERIOD || gap > PERIOD + TickSchedule.LATE_TOLERANCE_NANOS, "tick " + k + ": " + gap);
            assertTrue(t.due[k] - t.returned[k - 1] <= PERIOD, "tick " + k);
        }
        assertTrue(t.due[4] - t.asked[3] >= PERIOD, "a period after the late tick 3");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void skipJumpsOverMissedTicksAndKeepsTheSchedule(Kind kind) throws Exception {
        Ticks t = ticksAroundALateOne(kind, MissedTickBehavior.SKIP);
        for (int k = 1; k < 6; k++) {
            long gap = t.due[k] - t.due[k - 1];
            assertTrue(gap > 0 && gap % PERIOD == 0, "tick " + k + " is on the schedule: " + gap);
            assertTrue(t.due[k] - t.returned[k - 1] <= PERIOD, "tick " + k + " skips no tick of the schedule after now");
        }
        assertTrue(t.due[4] - t.asked[3] > 0, "the ticks missed during the late tick 3 are skipped");
    }

    /** Each tick's deadline, when it was asked for, and when it returned. */
    private record Ticks(long[] due, long[] asked, long[] returned) {}

    /**
     * Six ticks in a task; before tick 3, more than 8 periods pass after tick 2 returned, so tick 3
     * (due at most a period after tick 2 completed) is late by over 7 periods, far past the tolerance.
     * Ticks 1 and 2 may be late too on a loaded machine: the assertions hold either way. Each tick is
     * checked not to complete before its deadline.
     */
    private static Ticks ticksAroundALateOne(Kind kind, MissedTickBehavior behavior) throws Exception {
        try (Scheduler s = kind.create()) {
            return s.blockOn(() -> {
                long created = System.nanoTime();
                Interval every = Coroutines.interval(Duration.ofNanos(PERIOD), behavior);
                Ticks t = new Ticks(new long[6], new long[6], new long[6]);
                for (int k = 0; k < 6; k++) {
                    if (k == 3) {
                        while (System.nanoTime() - t.returned[2] < 8 * PERIOD) {
                            Coroutines.sleep(Duration.ofNanos(8 * PERIOD));
                        }
                    }
                    t.asked[k] = System.nanoTime();
                    t.due[k] = every.tick();
                    t.returned[k] = System.nanoTime();
                    assertTrue(t.returned[k] - t.due[k] >= 0, "tick " + k + " completed before its deadline");
                }
                assertTrue(t.due[0] - created >= 0 && t.asked[0] - t.due[0] >= 0,
                        "the first tick is due when the interval is made");
                return t;
            });
        }
    }

    @Test
    void ticksOnAPlainThread() {
        Interval every = Coroutines.interval(Duration.ofMillis(2));
        long first = every.tick();
        for (int k = 1; k <= 3; k++) {
            long due = every.tick();
            assertTrue(System.nanoTime() - due >= 0);
            assertEquals(first + k * TimeUnit.MILLISECONDS.toNanos(2), due);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCancelledTickThrowsAndTheIntervalStaysUsable(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            Interval hourly = Coroutines.interval(Duration.ofHours(1));
            Promise<Void> firstTicked = Promise.create();
            Task<Object> ticker = s.spawn(() -> {
                hourly.tick(); // at once
                firstTicked.complete(null);
                return hourly.tick(); // an hour away
            });
            Async.await(firstTicked);
            assertTrue(ticker.cancel());
            assertThrows(CancellationException.class, () -> Async.await(ticker.promise()));
            // another task may tick now (the cancelled tick let go of the interval); it waits for the same hour
            Throwable again = assertThrows(TimeoutException.class, () -> s.blockOn(() -> {
                return Coroutines.withTimeout(Duration.ofMillis(10), () -> hourly.tick());
            }));
            assertInstanceOf(CancellationException.class, again.getCause());
        }
    }

    @Test
    void aPeriodMustBePositive() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> Coroutines.interval(Duration.ZERO));
        assertTrue(zero.getMessage().contains("positive"), zero.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Coroutines.interval(Duration.ofMillis(-1), MissedTickBehavior.SKIP));
        assertThrows(NullPointerException.class, () -> Coroutines.interval(Duration.ofMillis(1), null));
    }
}
