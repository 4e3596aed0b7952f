package io.jcoro.scheduler;

import static io.jcoro.scheduler.MissedTickBehavior.BURST;
import static io.jcoro.scheduler.MissedTickBehavior.DELAY;
import static io.jcoro.scheduler.MissedTickBehavior.SKIP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The next deadline of an Interval, for each MissedTickBehavior, without a clock. */
class TickScheduleTest {
    private static final long MS = 1_000_000L;
    private static final long PERIOD = 10 * MS;

    @Test
    void aTickOnTimeIsFollowedByTheNextOfTheScheduleWhateverTheBehaviour() {
        for (MissedTickBehavior b : MissedTickBehavior.values()) {
            assertEquals(110 * MS, TickSchedule.next(100 * MS, PERIOD, 100 * MS, b), b.name());
            assertEquals(110 * MS, TickSchedule.next(99 * MS, PERIOD, 100 * MS, b), b + ": woken early");
            assertEquals(110 * MS, TickSchedule.next(105 * MS, PERIOD, 100 * MS, b), b + ": within the tolerance");
        }
    }

    @Test
    void burstKeepsTheScheduleAndCatchesUp() {
        // due at 10, completed at 35: 20 and 30 are due already, then 40
        assertEquals(20 * MS, TickSchedule.next(35 * MS, PERIOD, 10 * MS, BURST));
        assertEquals(30 * MS, TickSchedule.next(35 * MS, PERIOD, 20 * MS, BURST));
        assertEquals(40 * MS, TickSchedule.next(36 * MS, PERIOD, 30 * MS, BURST));
    }

    @Test
    void delayRestartsTheScheduleFromTheLateTick() {
        assertEquals(45 * MS, TickSchedule.next(35 * MS, PERIOD, 10 * MS, DELAY));
        assertEquals(22 * MS + 1, TickSchedule.next(12 * MS + 1, PERIOD, 7 * MS, DELAY),
                "late by just over the tolerance");
    }

    @Test
    void skipGoesToTheFirstDeadlineOfTheScheduleAfterNow() {
        assertEquals(40 * MS, TickSchedule.next(35 * MS, PERIOD, 10 * MS, SKIP));
        assertEquals(20 * MS, TickSchedule.next(16 * MS, PERIOD, 10 * MS, SKIP), "late, but less than a period");
        assertEquals(50 * MS, TickSchedule.next(40 * MS, PERIOD, 10 * MS, SKIP), "now exactly on the schedule: the next one");
    }

    @Test
    void deadlinesAcrossTheNanoTimeWrapAround() {
        long deadline = Long.MAX_VALUE - 3 * MS;
        assertEquals(deadline + PERIOD, TickSchedule.next(deadline + 2 * MS, PERIOD, deadline, BURST));
        long now = deadline + 25 * MS; // wrapped: negative
        assertEquals(deadline + PERIOD, TickSchedule.next(now, PERIOD, deadline, BURST));
        assertEquals(now + PERIOD, TickSchedule.next(now, PERIOD, deadline, DELAY));
        assertEquals(deadline + 3 * PERIOD, TickSchedule.next(now, PERIOD, deadline, SKIP));
    }
}
